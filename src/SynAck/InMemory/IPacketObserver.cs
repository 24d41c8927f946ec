namespace SynAck.InMemory;

/// <summary>
/// Watches every packet of an in-memory network, e.g. to draw a ladder diagram in which a lost
/// segment still appears. <see cref="OnPacket"/> is called on the sending endpoint's loop for
/// <see cref="PacketEventKind.Sent"/> and on the receiving endpoint's loop for
/// <see cref="PacketEventKind.Delivered"/>: in real-time mode those are different threads. A
/// packet's sending is always reported before any delivery of it. The sending is reported while
/// the path is locked, so keep the call short.
/// </summary>
public interface IPacketObserver
{
    /// <summary>Called for each packet event.</summary>
    /// <param name="packetEvent">The event, valid only during the call.</param>
    void OnPacket(in PacketEvent packetEvent);
}
