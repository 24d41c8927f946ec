using System.Net;
using SynAck.Tcp.Security;

namespace SynAck.Tcp.Tests.ControlBlock.Open;

/// <summary>ISS selection (RFC 9293 §3.4.1, RFC 6528): a 4 µs clock plus a keyed hash of the 4-tuple, both from outside.</summary>
public class InitialSequenceNumberTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(0, 16).Select(i => (byte)i)];

    private static TcpConnectionIdentity Tuple(ushort localPort) => new(IPAddress.Parse("192.0.2.1"), localPort, IPAddress.Parse("192.0.2.2"), 80);

    private static uint IssOf(TcpConnectionIdentity identity, TimeSpan now)
    {
        using var tcb = new TcpControlBlock(identity, TcpSettings.Default, new InitialSequenceNumbers(Key));
        tcb.OpenActive(now);
        return tcb.Iss.Value;
    }

    [Fact]
    public void Iss_is_the_keyed_hash_of_the_four_tuple_plus_the_clock()
    {
        var generator = new InitialSequenceNumberGenerator(Key);
        var now = TimeSpan.FromSeconds(12.345);
        var expected = generator.Next([192, 0, 2, 1], 40000, [192, 0, 2, 2], 80, now);
        Assert.Equal(expected.Value, IssOf(Tuple(40000), now));
    }

    [Fact]
    public void Iss_advances_by_one_every_four_microseconds_on_the_same_tuple()
    {
        var first = IssOf(Tuple(40000), TimeSpan.FromSeconds(1));
        var second = IssOf(Tuple(40000), TimeSpan.FromSeconds(2));
        Assert.Equal(250_000u, unchecked(second - first));
    }

    [Fact]
    public void Different_tuples_get_unrelated_iss_at_the_same_time()
    {
        var now = TimeSpan.FromSeconds(1);
        var issues = Enumerable.Range(40000, 50).Select(port => IssOf(Tuple((ushort)port), now)).ToHashSet();
        Assert.Equal(50, issues.Count);
    }

    [Fact]
    public void Iss_source_is_deterministic_for_a_given_key_and_time()
        => Assert.Equal(IssOf(Tuple(40001), TimeSpan.FromMinutes(3)), IssOf(Tuple(40001), TimeSpan.FromMinutes(3)));
}
