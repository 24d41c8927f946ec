namespace SynAck.Wire.Tests;

public class SequenceNumberTests
{
    [Theory]
    [InlineData(0u, 1u)]
    [InlineData(0xFFFF_FFFFu, 0u)]
    [InlineData(0xFFFF_FF00u, 0x100u)]
    [InlineData(0x7FFF_FFFFu, 0x8000_0000u)]
    public void Comparisons_hold_across_wrap_around(uint earlier, uint later)
    {
        SequenceNumber a = earlier, b = later;
        Assert.True(a < b);
        Assert.True(b > a);
        Assert.True(a <= b);
        Assert.False(a >= b);
        Assert.True(b - a > 0);
    }

    [Fact]
    public void Addition_wraps_modulo_two_to_the_32()
    {
        SequenceNumber x = 0xFFFF_FFFFu;
        Assert.Equal(0u, (x + 1).Value);
        Assert.Equal(9u, (x + 10).Value);
        Assert.Equal(0xFFFF_FFFFu, ((x + 10) - 10).Value);
        Assert.Equal(10, (x + 10) - x);
    }

    [Theory]
    [InlineData(100u, 100u, 10u, true)]
    [InlineData(109u, 100u, 10u, true)]
    [InlineData(110u, 100u, 10u, false)]
    [InlineData(99u, 100u, 10u, false)]
    [InlineData(3u, 0xFFFF_FFFEu, 10u, true)]
    [InlineData(100u, 100u, 0u, false)]
    public void Window_membership_is_half_open(uint value, uint start, uint size, bool expected)
        => Assert.Equal(expected, new SequenceNumber(value).IsInWindow(start, size));

    [Fact]
    public void Acceptable_ack_range_excludes_the_low_end()
    {
        SequenceNumber una = 0xFFFF_FFF0u, nxt = 0x10u;
        Assert.False(una.IsAfterAndAtMost(una, nxt));
        Assert.True(nxt.IsAfterAndAtMost(una, nxt));
        Assert.True(new SequenceNumber(0).IsAfterAndAtMost(una, nxt));
        Assert.False((nxt + 1).IsAfterAndAtMost(una, nxt));
    }
}
