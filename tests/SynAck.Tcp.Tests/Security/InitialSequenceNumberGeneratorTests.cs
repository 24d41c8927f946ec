using SynAck.Tcp.Security;
using SynAck.Wire;

namespace SynAck.Tcp.Tests.Security;

public class InitialSequenceNumberGeneratorTests
{
    private static readonly byte[] Key = Convert.FromHexString("8f1c2e0a5b7d4e3f9a6c0b1d2e3f4a5b");
    private static readonly byte[] Local = [192, 0, 2, 1];
    private static readonly byte[] Remote = [192, 0, 2, 2];
    private static readonly TimeSpan FourMicroseconds = TimeSpan.FromMicroseconds(4);

    private readonly InitialSequenceNumberGenerator _isn = new(Key);

    private SequenceNumber At(TimeSpan now) => _isn.Next(Local, 40000, Remote, 80, now);

    [Fact]
    public void The_same_tuple_at_the_same_time_gets_the_same_ISN()
        => Assert.Equal(At(TimeSpan.FromSeconds(7)), new InitialSequenceNumberGenerator(Key).Next(Local, 40000, Remote, 80, TimeSpan.FromSeconds(7)));

    [Fact]
    public void The_ISN_advances_by_one_every_four_microseconds()
    {
        var start = TimeSpan.FromSeconds(3);

        Assert.Equal(1, At(start + FourMicroseconds) - At(start));
        Assert.Equal(250_000, At(start + TimeSpan.FromSeconds(1)) - At(start));
    }

    [Fact]
    public void Time_within_one_four_microsecond_step_does_not_change_the_ISN()
        => Assert.Equal(At(TimeSpan.FromMicroseconds(400)), At(TimeSpan.FromMicroseconds(403.9)));

    [Fact]
    public void At_time_zero_the_ISN_is_the_keyed_hash_of_the_tuple()
    {
        byte[] tuple = [.. Local, .. Remote, 0x9C, 0x40, 0x00, 0x50]; // ports 40000 and 80, big-endian

        Assert.Equal((uint)SipHash.Hash24(Key, tuple), At(TimeSpan.Zero).Value);
    }

    [Fact]
    public void Different_tuples_get_unrelated_ISNs()
    {
        var now = TimeSpan.FromSeconds(1);
        SequenceNumber[] isns =
        [
            _isn.Next(Local, 40000, Remote, 80, now),
            _isn.Next(Local, 40001, Remote, 80, now),
            _isn.Next(Local, 40000, Remote, 81, now),
            _isn.Next(Remote, 40000, Local, 80, now),
            _isn.Next(Local, 80, Remote, 40000, now),
            _isn.Next([192, 0, 2, 3], 40000, Remote, 80, now),
        ];

        Assert.Equal(isns.Length, isns.Distinct().Count());
        // Neighbouring ports are not neighbouring ISNs: F hides the tuple's structure.
        Assert.True(Math.Abs(isns[1] - isns[0]) > 1000);
    }

    [Fact]
    public void A_different_key_gives_a_different_ISN_for_the_same_tuple()
    {
        var other = new InitialSequenceNumberGenerator(Convert.FromHexString("000102030405060708090a0b0c0d0e0f"));

        Assert.NotEqual(At(TimeSpan.Zero), other.Next(Local, 40000, Remote, 80, TimeSpan.Zero));
    }

    [Fact]
    public void IPv6_tuples_are_hashed_too()
    {
        var local6 = Convert.FromHexString("20010db8000000000000000000000001");
        var remote6 = Convert.FromHexString("20010db8000000000000000000000002");

        var a = _isn.Next(local6, 40000, remote6, 80, TimeSpan.Zero);
        var b = _isn.Next(remote6, 40000, local6, 80, TimeSpan.Zero);

        Assert.NotEqual(a, b);
        Assert.Equal(1, _isn.Next(local6, 40000, remote6, 80, FourMicroseconds) - a);
    }

    [Fact]
    public void The_ISN_wraps_around_modulo_two_to_the_32()
    {
        var offset = At(TimeSpan.Zero).Value;
        var stepsToWrap = (1L << 32) - offset;
        var wrapTime = TimeSpan.FromTicks(stepsToWrap * 40);

        Assert.Equal(0xFFFF_FFFFu, At(wrapTime - FourMicroseconds).Value);
        Assert.Equal(0u, At(wrapTime).Value);
        Assert.True(At(wrapTime) > At(wrapTime - FourMicroseconds)); // still "later" in sequence space
    }

    [Fact]
    public void The_four_microsecond_timer_itself_wraps_after_two_to_the_32_steps()
    {
        var period = TimeSpan.FromTicks((1L << 32) * 40); // about 4.77 hours
        var now = TimeSpan.FromMinutes(5);

        Assert.Equal(0u, InitialSequenceNumberGenerator.Timer(period));
        Assert.Equal(At(now), At(now + period));
    }

    [Theory]
    [InlineData(4, 16)]
    [InlineData(3, 3)]
    [InlineData(6, 6)]
    [InlineData(0, 0)]
    public void Addresses_must_be_4_or_16_bytes_and_of_one_family(int localLength, int remoteLength)
        => Assert.Throws<ArgumentException>(() => _isn.Next(new byte[localLength], 1, new byte[remoteLength], 2, TimeSpan.Zero));

    [Fact]
    public void Negative_time_and_short_keys_are_caller_errors()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => At(TimeSpan.FromTicks(-1)));
        Assert.Throws<ArgumentException>(() => new InitialSequenceNumberGenerator(new byte[8]));
    }

    [Fact]
    public void Generating_ISNs_allocates_nothing()
    {
        for (var i = 0; i < 100; i++)
        {
            _ = At(TimeSpan.FromTicks(i));
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            _ = _isn.Next(Local, (ushort)i, Remote, 80, TimeSpan.FromTicks(i));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
