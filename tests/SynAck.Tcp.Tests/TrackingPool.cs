using System.Buffers;

namespace SynAck.Tcp.Tests;

/// <summary>A pool that hands out arrays of exactly the requested size and counts rents and returns.</summary>
internal sealed class TrackingPool : ArrayPool<byte>
{
    public int Rented { get; private set; }

    public int Returned { get; private set; }

    public int Outstanding => Rented - Returned;

    public List<int> RentedSizes { get; } = [];

    public override byte[] Rent(int minimumLength)
    {
        Rented++;
        RentedSizes.Add(minimumLength);
        return new byte[minimumLength];
    }

    public override void Return(byte[] array, bool clearArray = false) => Returned++;
}
