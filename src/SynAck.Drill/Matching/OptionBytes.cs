using System.Buffers.Binary;
using SynAck.Drill.Syntax;

namespace SynAck.Drill.Matching;

/// <summary>Writes a script's TCP option in its wire form (RFC 9293 §3.1, RFC 7323, RFC 2018, RFC 7413).</summary>
internal static class OptionBytes
{
    /// <summary>Writes <paramref name="option"/> at the start of <paramref name="destination"/> (at least <see cref="TcpOptionSpec.EncodedLength"/> bytes).</summary>
    public static void Write(TcpOptionSpec option, Span<byte> destination)
    {
        destination[0] = (byte)option.Kind;
        if (option.EncodedLength == 1)
        {
            return;
        }

        destination[1] = (byte)option.EncodedLength;
        var data = destination[2..option.EncodedLength];
        switch (option)
        {
            case MssOptionSpec mss:
                BinaryPrimitives.WriteUInt16BigEndian(data, mss.Value);
                break;
            case WindowScaleOptionSpec scale:
                data[0] = scale.ShiftCount;
                break;
            case SackOptionSpec sack:
                for (var i = 0; i < sack.Blocks.Count; i++)
                {
                    BinaryPrimitives.WriteUInt32BigEndian(data[(8 * i)..], sack.Blocks[i].Left);
                    BinaryPrimitives.WriteUInt32BigEndian(data[((8 * i) + 4)..], sack.Blocks[i].Right);
                }

                break;
            case TimestampOptionSpec ts:
                BinaryPrimitives.WriteUInt32BigEndian(data, ts.Value);
                BinaryPrimitives.WriteUInt32BigEndian(data[4..], ts.EchoReply);
                break;
            case FastOpenOptionSpec fastOpen:
                for (var i = 0; i < fastOpen.Cookie.Count; i++)
                {
                    data[i] = fastOpen.Cookie[i];
                }

                break;
            case SackPermittedOptionSpec:
                break;
            default:
                throw new InvalidOperationException($"No wire form for option kind {option.Kind}.");
        }
    }
}
