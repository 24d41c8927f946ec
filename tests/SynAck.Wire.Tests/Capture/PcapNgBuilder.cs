using System.Buffers.Binary;
using SynAck.Wire.Capture;

namespace SynAck.Wire.Tests.Capture;

/// <summary>
/// Writes pcapng files block by block for the tests, in either byte order per section, straight
/// from the format's description (an encoder independent of the reader under test).
/// </summary>
internal sealed class PcapNgBuilder
{
    private readonly List<byte> _bytes = [];
    private bool _bigEndian;

    /// <summary>The offset of every block written, in order.</summary>
    public List<long> BlockStarts { get; } = [];

    public byte[] ToArray() => [.. _bytes];

    public PcapNgBuilder Section(bool bigEndian = false, ushort major = 1)
    {
        _bigEndian = bigEndian;
        var body = new List<byte>();
        Append(body, 0x1A2B3C4Du);
        Append(body, major);
        Append(body, (ushort)0);
        Append(body, ulong.MaxValue); // section length not given
        AppendOption(body, 4, "synack tests"u8); // shb_userappl
        AppendOption(body, 0, []);
        return Block(0x0A0D0D0A, body);
    }

    public PcapNgBuilder Interface(LinkType linkType, uint snapLength = 0, byte? tsresol = null, long? tsoffset = null)
    {
        var body = new List<byte>();
        Append(body, (ushort)linkType);
        Append(body, (ushort)0);
        Append(body, snapLength);
        AppendOption(body, 2, "eth0"u8); // if_name, to be skipped
        if (tsresol is { } resolution)
        {
            AppendOption(body, 9, [resolution]);
        }

        if (tsoffset is { } offset)
        {
            var value = new byte[8];
            if (_bigEndian)
            {
                BinaryPrimitives.WriteInt64BigEndian(value, offset);
            }
            else
            {
                BinaryPrimitives.WriteInt64LittleEndian(value, offset);
            }

            AppendOption(body, 14, value);
        }

        AppendOption(body, 0, []);
        return Block(1, body);
    }

    public PcapNgBuilder Enhanced(uint interfaceId, ulong ticks, byte[] data, uint? originalLength = null, bool withComment = false)
    {
        var body = new List<byte>();
        Append(body, interfaceId);
        Append(body, (uint)(ticks >> 32));
        Append(body, (uint)ticks);
        Append(body, (uint)data.Length);
        Append(body, originalLength ?? (uint)data.Length);
        AppendPadded(body, data);
        if (withComment)
        {
            AppendOption(body, 1, "a comment"u8); // opt_comment
            AppendOption(body, 0, []);
        }

        return Block(6, body);
    }

    public PcapNgBuilder ObsoletePacket(ushort interfaceId, ulong ticks, byte[] data, uint? originalLength = null)
    {
        var body = new List<byte>();
        Append(body, interfaceId);
        Append(body, (ushort)0); // drops count
        Append(body, (uint)(ticks >> 32));
        Append(body, (uint)ticks);
        Append(body, (uint)data.Length);
        Append(body, originalLength ?? (uint)data.Length);
        AppendPadded(body, data);
        return Block(2, body);
    }

    public PcapNgBuilder Simple(byte[] data, uint originalLength)
    {
        var body = new List<byte>();
        Append(body, originalLength);
        AppendPadded(body, data);
        return Block(3, body);
    }

    /// <summary>A block of a type the reader does not know (or does not use), with a body of zeros.</summary>
    public PcapNgBuilder Other(uint type, int bodyLength)
    {
        var body = new List<byte>(new byte[(bodyLength + 3) & ~3]);
        return Block(type, body);
    }

    private PcapNgBuilder Block(uint type, List<byte> body)
    {
        BlockStarts.Add(_bytes.Count);
        var length = (uint)(12 + body.Count);
        Append(_bytes, type);
        Append(_bytes, length);
        _bytes.AddRange(body);
        Append(_bytes, length);
        return this;
    }

    private void AppendOption(List<byte> body, ushort code, ReadOnlySpan<byte> value)
    {
        Append(body, code);
        Append(body, (ushort)value.Length);
        AppendPadded(body, value);
    }

    private static void AppendPadded(List<byte> body, ReadOnlySpan<byte> value)
    {
        body.AddRange(value);
        for (var i = value.Length; i % 4 != 0; i++)
        {
            body.Add(0);
        }
    }

    private void Append(List<byte> to, ushort value)
    {
        Span<byte> bytes = stackalloc byte[2];
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        }

        to.AddRange(bytes);
    }

    private void Append(List<byte> to, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        }

        to.AddRange(bytes);
    }

    private void Append(List<byte> to, ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        }

        to.AddRange(bytes);
    }
}
