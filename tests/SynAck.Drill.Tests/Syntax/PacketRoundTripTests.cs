using CsCheck;
using SynAck.Drill.Syntax;
using SynAck.Wire;

namespace SynAck.Drill.Tests.Syntax;

public sealed class PacketRoundTripTests
{
    private static Gen<T?> Maybe<T>(Gen<T> gen)
        where T : struct => Gen.Bool.SelectMany(present => present ? gen.Select(v => (T?)v) : Gen.Const((T?)null));

    private static readonly TcpFlags[] AllFlags =
        [TcpFlags.Fin, TcpFlags.Syn, TcpFlags.Rst, TcpFlags.Psh, TcpFlags.Ack, TcpFlags.Urg, TcpFlags.Ece, TcpFlags.Cwr, TcpFlags.Ae];

    private static readonly Gen<TcpOptionSpec> OneOption = Gen.OneOf<TcpOptionSpec>(
        Gen.UShort.Select(v => (TcpOptionSpec)new MssOptionSpec(v)),
        Gen.Byte.Select(v => (TcpOptionSpec)new WindowScaleOptionSpec(v)),
        Gen.Const<TcpOptionSpec>(new SackPermittedOptionSpec()),
        Gen.Const<TcpOptionSpec>(new NopOptionSpec()),
        Gen.Const<TcpOptionSpec>(new EolOptionSpec()),
        Gen.Select(Gen.UInt, Gen.UInt).Array[1, 3].Select(blocks => (TcpOptionSpec)new SackOptionSpec([.. blocks.Select(b => new SackBlockSpec(b.Item1, b.Item2))])),
        Gen.Select(Gen.UInt, Gen.UInt, Gen.Bool, Gen.Bool).Select(t => (TcpOptionSpec)new TimestampOptionSpec(t.Item3 ? 0 : t.Item1, t.Item2, t.Item3, t.Item4)),
        Gen.Byte.Array[0, 4].Select(cookie => (TcpOptionSpec)new FastOpenOptionSpec(cookie.Length % 2 == 0 ? cookie : cookie[1..])));

    // Options that fit a header and fill whole words: keep what fits in 40 bytes, then pad with nops.
    private static readonly Gen<IReadOnlyList<TcpOptionSpec>> Options = OneOption.Array[0, 6].Select(options =>
    {
        var kept = new List<TcpOptionSpec>();
        foreach (var option in options)
        {
            if (kept.Sum(o => o.EncodedLength) + option.EncodedLength <= 36)
            {
                kept.Add(option);
            }
        }

        while (kept.Sum(o => o.EncodedLength) % 4 != 0)
        {
            kept.Add(new NopOptionSpec());
        }

        return (IReadOnlyList<TcpOptionSpec>)kept;
    });

    private static readonly Gen<TcpPacketSpec> Packets =
        from outbound in Gen.Bool
        from flagBits in Gen.Int[0, (1 << AllFlags.Length) - 1]
        from start in Gen.UInt
        from length in Gen.Int[0, 65535]
        from sequenceKind in Gen.Int[0, 2]
        from ack in Maybe(Gen.UInt)
        from window in Maybe(Gen.UShort)
        from urgent in Maybe(Gen.UShort)
        from anyOptions in Gen.Bool
        from options in Options
        from ecn in Maybe(Gen.Enum<EcnExpectation>())
        from ttl in Maybe(Gen.Byte)
        from tos in Maybe(Gen.Byte)
        from ports in Maybe(Gen.Select(Gen.UShort, Gen.UShort))
        select new TcpPacketSpec
        {
            Direction = outbound ? PacketDirection.Outbound : PacketDirection.Inbound,
            Ip = ecn is null && ttl is null && tos is null ? null : new IpSpec(outbound || ecn != EcnExpectation.Ect0OrEct1 ? ecn : EcnExpectation.Ce, tos, ttl, null),
            SourcePort = ports?.Item1,
            DestinationPort = ports?.Item2,
            Flags = AllFlags.Where((_, i) => (flagBits & (1 << i)) != 0).Aggregate(TcpFlags.None, (a, f) => a | f),
            Sequence = (outbound ? sequenceKind : sequenceKind % 2) switch
            {
                0 => new SequenceSpec(Math.Min(start, uint.MaxValue - (uint)length), length),
                1 => new SequenceSpec(Math.Min(start, uint.MaxValue - (uint)length), length, IsAbsolute: true),
                _ => new SequenceSpec(0, length, IsIgnored: true),
            },
            Acknowledgment = ack,
            Window = outbound ? window : window ?? 1,
            UrgentPointer = urgent,
            AnyOptions = outbound && anyOptions,
            Options = outbound && anyOptions ? [] : options,
        };

    [Fact]
    public void Any_packet_printed_in_script_syntax_parses_back_to_the_same_packet()
    {
        Property.ForAll(Packets, 3000, packet =>
        {
            var text = packet.ToString();
            var parsed = Parse.Packet("0 " + text);

            Assert.Equal(text, parsed.ToString());
            Assert.Equal(
                (packet.Direction, packet.Ip, packet.SourcePort, packet.DestinationPort, packet.Flags, packet.Sequence, packet.Acknowledgment, packet.Window, packet.UrgentPointer, packet.AnyOptions),
                (parsed.Direction, parsed.Ip, parsed.SourcePort, parsed.DestinationPort, parsed.Flags, parsed.Sequence, parsed.Acknowledgment, parsed.Window, parsed.UrgentPointer, parsed.AnyOptions));
            Assert.Equal(packet.Options.Select(o => (o.Kind, o.EncodedLength, o.ToString())), parsed.Options.Select(o => (o.Kind, o.EncodedLength, o.ToString())));
        });
    }
}
