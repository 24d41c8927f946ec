namespace SynAck.Links.Tun;

/// <summary>What a <see cref="TunLink"/> moved so far.</summary>
/// <param name="PacketsReceived">Packets read from the device and handed to the loop.</param>
/// <param name="BytesReceived">Their bytes.</param>
/// <param name="PacketsSent">Packets written to the device.</param>
/// <param name="BytesSent">Their bytes.</param>
/// <param name="ReceiveErrors">Reads that failed and lost a packet.</param>
/// <param name="SendErrors">Packets dropped because the write failed (device down, out of memory...).</param>
public readonly record struct TunLinkCounters(
    long PacketsReceived,
    long BytesReceived,
    long PacketsSent,
    long BytesSent,
    long ReceiveErrors,
    long SendErrors);
