using System.Buffers.Binary;
using SynAck.Links;
using SynAck.Runtime;

namespace SynAck.Tests.InMemory;

/// <summary>Numbered test packets: a 4-byte big-endian id, then a byte pattern. The network does not parse them.</summary>
internal static class TestPackets
{
    public static byte[] Make(int id, int length = 100)
    {
        var packet = new byte[length];
        BinaryPrimitives.WriteInt32BigEndian(packet, id);
        for (var i = 4; i < length; i++)
        {
            packet[i] = (byte)(id + i);
        }

        return packet;
    }

    public static int Id(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadInt32BigEndian(packet);

    /// <summary>Asserts that <paramref name="count"/> out of <paramref name="trials"/> is within five standard deviations of p.</summary>
    public static void AssertRate(long count, long trials, double p)
    {
        var mean = trials * p;
        var spread = 5 * Math.Sqrt(trials * p * (1 - p));
        Assert.InRange(count, (long)Math.Floor(mean - spread), (long)Math.Ceiling(mean + spread));
    }
}

/// <summary>Records what a link delivers, with the virtual time and whether it came on the attached loop.</summary>
internal sealed class PacketRecorder(EventLoop loop) : ILinkReceiver
{
    public List<(TimeSpan At, byte[] Packet, bool OnLoop)> Received { get; } = [];

    public IEnumerable<int> Ids => Received.Select(r => TestPackets.Id(r.Packet));

    public void OnPacketReceived(ReadOnlySpan<byte> ipPacket)
        => Received.Add((TimeSpan.FromTicks(loop.Time.GetTimestamp()), ipPacket.ToArray(), loop.IsCurrentThread));
}
