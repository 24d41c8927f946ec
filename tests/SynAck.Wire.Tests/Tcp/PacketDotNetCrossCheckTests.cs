using System.Buffers.Binary;
using System.Net;
using CsCheck;
using PacketDotNet;
using PacketDotNet.Tcp;
using PacketDotNet.Utils;
using SynAck.Wire.Checksums;
using SynAck.Wire.Tcp;
using PdnTcpOption = PacketDotNet.Tcp.TcpOption;

namespace SynAck.Wire.Tests.Tcp;

/// <summary>
/// An independent decoder, PacketDotNet 1.4.8, reads what SynAck writes, and SynAck reads what
/// PacketDotNet builds. PacketDotNet's limits shape the checks: it cannot read options when URG is
/// set (it throws NotImplementedException), so URG is only generated without options; its
/// SACK option exposes blocks as 16-bit halves, so SACK edges are compared from the option bytes;
/// and it reads the urgent pointer as a signed 16-bit number.
/// </summary>
public class PacketDotNetCrossCheckTests
{
    private static readonly Gen<byte[]> Address = Gen.Byte.Array[4];

    [Fact]
    public void PacketDotNet_reads_the_fields_options_and_checksum_SynAck_writes()
    {
        var gen = Gen.Select(TcpGenerators.Header, TcpGenerators.Layout, Gen.Byte.Array[0, 64], Address, Address, (h, l, p, s, d) => (h, l, p, s, d));
        Property.ForAll(gen, 1500, input =>
        {
            var (header, layout, payload, source, destination) = input;
            if (!header.Options.IsEmpty)
            {
                header = header with { Flags = header.Flags & ~TcpFlags.Urg };
            }

            var packet = WriteIPv4Packet(header, layout, payload, source, destination, out var headerLength);
            var ip = new IPv4Packet(new ByteArraySegment(packet));
            var tcp = ip.Extract<TcpPacket>();

            Assert.True(ip.ValidIPChecksum);
            Assert.True(tcp.ValidTcpChecksum);
            Assert.Equal(BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(20 + 16)), tcp.Checksum);
            Assert.Equal(header.SourcePort, tcp.SourcePort);
            Assert.Equal(header.DestinationPort, tcp.DestinationPort);
            Assert.Equal(header.SequenceNumber.Value, tcp.SequenceNumber);
            Assert.Equal(header.AcknowledgmentNumber.Value, tcp.AcknowledgmentNumber);
            Assert.Equal((ushort)header.Flags, tcp.Flags);
            Assert.Equal(header.Has(TcpFlags.Ae), tcp.NonceSum);
            Assert.Equal(headerLength / 4, tcp.DataOffset);
            Assert.Equal(header.Window, tcp.WindowSize);
            Assert.Equal(header.UrgentPointer, (ushort)tcp.UrgentPointer); // PacketDotNet reads it as a signed 16-bit number
            Assert.Equal(payload, tcp.PayloadData ?? []);
            if (!header.Has(TcpFlags.Urg))
            {
                Assert.Equal(header.Options, OptionsAsPacketDotNetSeesThem(tcp));
            }
        });
    }

    [Fact]
    public void SynAck_reads_the_fields_options_and_checksum_PacketDotNet_builds()
    {
        var fields = Gen.Select(Gen.UShort, Gen.UShort, Gen.UInt, Gen.UInt, Gen.UShort[0, 0x1FF], Gen.UShort, Gen.UShort, (sp, dp, seq, ack, flags, window, urgent) => (sp, dp, seq, ack, flags, window, urgent));
        var gen = Gen.Select(fields, OptionItem.Array[0, 10], Gen.Byte.Array[0, 64], Address, Address, (f, o, p, s, d) => (f, o, p, s, d));
        Property.ForAll(gen, 1500, input =>
        {
            var (f, items, payload, source, destination) = input;
            var (area, used) = Encode(items);
            var flags = area.Length > 0 ? (ushort)(f.flags & ~(ushort)TcpFlags.Urg) : f.flags;

            var buffer = new byte[20 + area.Length];
            buffer[12] = (byte)((buffer.Length / 4) << 4);
            var tcp = new TcpPacket(new ByteArraySegment(buffer))
            {
                SourcePort = f.sp,
                DestinationPort = f.dp,
                SequenceNumber = f.seq,
                AcknowledgmentNumber = f.ack,
                DataOffset = buffer.Length / 4,
                Flags = flags,
                WindowSize = f.window,
                UrgentPointer = f.urgent,
            };
            if (area.Length > 0)
            {
                tcp.Options = area;
            }

            tcp.PayloadData = payload;
            var ip = new IPv4Packet(new IPAddress(source), new IPAddress(destination)) { PayloadPacket = tcp };
            tcp.UpdateTcpChecksum();
            ip.UpdateCalculatedValues();
            ip.UpdateIPChecksum();
            var segment = ip.Bytes.AsSpan(ip.HeaderLength * 4); // PacketDotNet counts IPv4 header length in 32-bit words

            Assert.True(TcpSegmentView.TryCreate(segment, out var view, out var error), error.ToString());
            Assert.Equal(f.sp, view.SourcePort);
            Assert.Equal(f.dp, view.DestinationPort);
            Assert.Equal(f.seq, view.SequenceNumber.Value);
            Assert.Equal(f.ack, view.AcknowledgmentNumber.Value);
            Assert.Equal((TcpFlags)flags, view.Flags);
            Assert.Equal(f.window, view.Window);
            Assert.Equal(f.urgent, view.UrgentPointer);
            Assert.Equal(tcp.Checksum, view.Checksum);
            Assert.True(TcpChecksum.IsValidIPv4(source, destination, segment));
            Assert.Equal(payload, view.Payload.ToArray());

            var seen = new List<(byte Kind, string Data)>();
            foreach (var option in view.Options)
            {
                seen.Add(((byte)option.Kind, Convert.ToHexStringLower(option.Data)));
            }

            Assert.Equal(ExpectedWireOptions(used, area.Length), seen);
            Assert.Equal(ExpectedRecord(used), view.ToHeader().Options);
        });
    }

    // ---- SynAck side --------------------------------------------------------------------------

    private static byte[] WriteIPv4Packet(TcpHeader header, TcpOptionLayout layout, byte[] payload, byte[] source, byte[] destination, out int headerLength)
    {
        headerLength = header.GetEncodedLength(layout);
        var packet = new byte[20 + headerLength + payload.Length];
        packet[0] = 0x45;                                                     // IPv4, IHL 5
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
        packet[6] = 0x40;                                                     // DF
        packet[8] = 64;                                                       // TTL
        packet[9] = 6;                                                        // TCP
        source.CopyTo(packet, 12);
        destination.CopyTo(packet, 16);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), InternetChecksum.Compute(packet.AsSpan(0, 20)));

        var segment = packet.AsSpan(20);
        Assert.True(header.TryWriteBytes(segment, out var written, layout));
        Assert.Equal(headerLength, written);
        payload.CopyTo(segment[written..]);
        TcpChecksum.WriteIPv4(source, destination, segment);
        return packet;
    }

    private static TcpOptions OptionsAsPacketDotNetSeesThem(TcpPacket tcp)
    {
        var result = new TcpOptions();
        foreach (PdnTcpOption option in tcp.OptionsCollection ?? []) // null when there are no options
        {
            switch (option)
            {
                case EndOfOptionsOption:
                    return result;
                case MaximumSegmentSizeOption mss:
                    result = result with { MaximumSegmentSize = mss.Value };
                    break;
                case WindowScaleFactorOption scale:
                    result = result with { WindowScale = scale.ScaleFactor };
                    break;
                case SelectiveAcknowledgmentPermittedOption:
                    result = result with { SackPermitted = true };
                    break;
                case TimeStampOption timestamps:
                    result = result with { Timestamps = new TcpTimestampOption(timestamps.Value, timestamps.EchoReply) };
                    break;
                case SelectiveAcknowledgmentOption sack:
                    var bytes = sack.Bytes;
                    Assert.Equal(sack.Length, bytes.Length);
                    var blocks = new SackBlockList();
                    for (var i = 2; i + 8 <= bytes.Length; i += 8)
                    {
                        blocks = blocks.Add(new SackBlock(BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(i)), BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(i + 4))));
                    }

                    result = result with { SackBlocks = blocks };
                    break;
                case NoOperationOption:
                    break;
                default:
                    Assert.Fail($"SynAck wrote an option PacketDotNet reads as {option.Kind}.");
                    break;
            }
        }

        return result;
    }

    // ---- PacketDotNet side: options encoded by hand, independently of SynAck's writer -----------

    /// <summary>One option as bytes on the wire: kind, then (except NOP) length and value.</summary>
    private static readonly Gen<byte[]> OptionItem = Gen.OneOf(
        Gen.Const(new byte[] { 1 }),
        Gen.UShort.Select(mss => new byte[] { 2, 4, (byte)(mss >> 8), (byte)mss }),
        Gen.Byte.Select(shift => new byte[] { 3, 3, shift }),
        Gen.Const(new byte[] { 4, 2 }),
        Gen.Select(Gen.UInt, Gen.UInt, (value, echo) => Concat([8, 10], BigEndian(value), BigEndian(echo))),
        Gen.UInt.Array[2, 8].Where(edges => edges.Length % 2 == 0).Select(edges => Concat([5, (byte)(2 + (edges.Length * 4))], [.. edges.SelectMany(BigEndian)])),
        Gen.Select(Gen.Int[0, 3], Gen.Byte.Array[0, 6], (k, data) => Concat([new byte[] { 30, 34, 0x99, 253 }[k], (byte)(2 + data.Length)], data)));

    /// <summary>Concatenates items while they fit in 40 bytes, then pads with zeros to a multiple of 4.</summary>
    private static (byte[] Area, List<byte[]> Used) Encode(byte[][] items)
    {
        var used = new List<byte[]>();
        var length = 0;
        foreach (var item in items)
        {
            if (length + item.Length > TcpOptions.MaxEncodedLength)
            {
                break;
            }

            used.Add(item);
            length += item.Length;
        }

        var area = new byte[(length + 3) / 4 * 4];
        var offset = 0;
        foreach (var item in used)
        {
            item.CopyTo(area, offset);
            offset += item.Length;
        }

        return (area, used);
    }

    private static List<(byte Kind, string Data)> ExpectedWireOptions(List<byte[]> used, int areaLength)
    {
        var expected = used.Select(item => (item[0], Convert.ToHexStringLower(item.AsSpan(item[0] == 1 ? 1 : 2)))).ToList();
        if (used.Sum(item => item.Length) < areaLength)
        {
            expected.Add((0, string.Empty)); // the zero padding reads as one End of Option List
        }

        return expected;
    }

    private static TcpOptions ExpectedRecord(List<byte[]> used)
    {
        var options = new TcpOptions();
        foreach (var item in used)
        {
            var value = item.AsSpan(Math.Min(2, item.Length));
            options = item[0] switch
            {
                2 => options with { MaximumSegmentSize = BinaryPrimitives.ReadUInt16BigEndian(value) },
                3 => options with { WindowScale = value[0] },
                4 => options with { SackPermitted = true },
                8 => options with { Timestamps = new TcpTimestampOption(BinaryPrimitives.ReadUInt32BigEndian(value), BinaryPrimitives.ReadUInt32BigEndian(value[4..])) },
                5 => options with { SackBlocks = Blocks(value) },
                _ => options,
            };
        }

        return options;
    }

    private static SackBlockList Blocks(ReadOnlySpan<byte> value)
    {
        var blocks = new SackBlockList();
        for (var i = 0; i < value.Length; i += 8)
        {
            blocks = blocks.Add(new SackBlock(BinaryPrimitives.ReadUInt32BigEndian(value[i..]), BinaryPrimitives.ReadUInt32BigEndian(value[(i + 4)..])));
        }

        return blocks;
    }

    private static byte[] BigEndian(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] Concat(byte[] head, params byte[][] rest) => [.. head, .. rest.SelectMany(part => part)];
}
