using CsCheck;
using SynAck.Wire.Tcp;

namespace SynAck.Wire.Tests.Tcp;

/// <summary>Random TCP records for property tests: every field over its whole range.</summary>
internal static class TcpGenerators
{
    public static readonly Gen<SackBlock> SackBlock = Gen.Select(Gen.UInt, Gen.UInt, (left, right) => new SackBlock(left, right));

    public static readonly Gen<TcpOptions> Options = Gen.Select(
        Gen.Select(Gen.Bool, Gen.UShort, (has, mss) => has ? mss : (ushort?)null),
        Gen.Select(Gen.Bool, Gen.Byte, (has, shift) => has ? shift : (byte?)null),
        Gen.Bool,
        Gen.Select(Gen.Bool, Gen.UInt, Gen.UInt, (has, value, echo) => has ? new TcpTimestampOption(value, echo) : (TcpTimestampOption?)null),
        SackBlock.Array[0, 4],
        (mss, windowScale, sackPermitted, timestamps, blocks) => new TcpOptions
        {
            MaximumSegmentSize = mss,
            WindowScale = windowScale,
            SackPermitted = sackPermitted,
            Timestamps = timestamps,
            SackBlocks = new SackBlockList(blocks),
        });

    public static readonly Gen<TcpOptionLayout> Layout = Gen.Bool.Select(freeBsd => freeBsd ? TcpOptionLayout.FreeBsd : TcpOptionLayout.Linux);

    /// <summary>Headers whose options fit in 40 bytes in both layouts; the checksum is 0, as the writer leaves it.</summary>
    public static readonly Gen<TcpHeader> Header = Gen.Select(
        Gen.Select(Gen.UShort, Gen.UShort, Gen.UInt, Gen.UInt, (source, destination, seq, ack) => (source, destination, seq, ack)),
        Gen.Select(Gen.UShort[0, 0x1FF], Gen.UShort, Gen.UShort, (flags, window, urgent) => (flags, window, urgent)),
        Options.Where(o => o.GetEncodedLength(TcpOptionLayout.Linux) <= 40 && o.GetEncodedLength(TcpOptionLayout.FreeBsd) <= 40),
        (ports, fields, options) => new TcpHeader
        {
            SourcePort = ports.source,
            DestinationPort = ports.destination,
            SequenceNumber = ports.seq,
            AcknowledgmentNumber = ports.ack,
            Flags = (TcpFlags)fields.flags,
            Window = fields.window,
            UrgentPointer = fields.urgent,
            Options = options,
        });
}
