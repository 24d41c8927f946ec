namespace SynAck.Drill.Matching;

/// <summary>
/// Maps one connection's sequence and acknowledgment numbers between script space and the wire,
/// by packetdrill's rules (as the FreeBSD suite's packetdrill, nplab's fork, applies them; the
/// model is tcpdump's relative numbering):
/// <list type="bullet">
/// <item>The script's peer picks its own ISN, so its numbers need no learning: a SYN's sequence
/// number is used as written, and the other segments' sequence numbers count from the peer's ISN
/// (<see cref="RemoteIsn"/>, learned from its first SYN or SYN-ACK).</item>
/// <item>The stack under test picks its ISN, so the script's numbers for it are relative to the
/// ISN the stack chose, learned from its first SYN or SYN-ACK (<see cref="LearnLocalIsn"/>): in
/// a SYN the script's ISN stands for the stack's, elsewhere numbers count from the stack's ISN.</item>
/// <item>Acknowledgment numbers and SACK blocks number the other side's bytes, so they map the
/// other way round: an inbound ack is mapped like an outbound sequence number and vice versa.</item>
/// </list>
/// Until an ISN is learned it counts as zero, so numbers pass through unchanged. All arithmetic
/// wraps modulo 2^32.
/// </summary>
public sealed class ConnectionNumbering
{
    /// <summary>The peer's (the script's) initial sequence number, zero until learned.</summary>
    public uint RemoteIsn { get; private set; }

    /// <summary>Whether <see cref="RemoteIsn"/> has been learned.</summary>
    public bool HasRemoteIsn { get; private set; }

    /// <summary>The ISN the script wrote for the stack's first SYN or SYN-ACK, zero until learned.</summary>
    public uint ScriptLocalIsn { get; private set; }

    /// <summary>The ISN the stack actually chose, zero until learned.</summary>
    public uint LiveLocalIsn { get; private set; }

    /// <summary>Whether the stack's ISN has been learned.</summary>
    public bool HasLocalIsn { get; private set; }

    /// <summary>Learns the peer's ISN from the sequence number of its first SYN or SYN-ACK; later calls are ignored.</summary>
    /// <param name="isn">The SYN's sequence number as the script wrote it.</param>
    public void LearnRemoteIsn(uint isn)
    {
        if (!HasRemoteIsn)
        {
            RemoteIsn = isn;
            HasRemoteIsn = true;
        }
    }

    /// <summary>Learns the stack's ISN from its first SYN or SYN-ACK; later calls are ignored.</summary>
    /// <param name="scriptIsn">The sequence number the script expected (0 when written as <c>...</c>).</param>
    /// <param name="liveIsn">The sequence number the stack sent.</param>
    public void LearnLocalIsn(uint scriptIsn, uint liveIsn)
    {
        if (!HasLocalIsn)
        {
            ScriptLocalIsn = scriptIsn;
            LiveLocalIsn = liveIsn;
            HasLocalIsn = true;
        }
    }

    /// <summary>The wire sequence number of an inbound segment.</summary>
    /// <param name="script">The number the script wrote.</param>
    /// <param name="isSyn">Whether the segment carries SYN.</param>
    public uint InboundSequence(uint script, bool isSyn) => unchecked(script + RemoteOffset(isSyn));

    /// <summary>The wire acknowledgment number (or SACK edge) of an inbound segment.</summary>
    /// <param name="script">The number the script wrote.</param>
    /// <param name="isSyn">Whether the segment carries SYN.</param>
    public uint InboundAcknowledgment(uint script, bool isSyn) => unchecked(script + LocalOffset(isSyn));

    /// <summary>The script-space sequence number of an outbound segment.</summary>
    /// <param name="live">The number the stack sent.</param>
    /// <param name="isSyn">Whether the segment carries SYN.</param>
    public uint OutboundSequence(uint live, bool isSyn) => unchecked(live - LocalOffset(isSyn));

    /// <summary>The script-space acknowledgment number (or SACK edge) of an outbound segment.</summary>
    /// <param name="live">The number the stack sent.</param>
    /// <param name="isSyn">Whether the segment carries SYN.</param>
    public uint OutboundAcknowledgment(uint live, bool isSyn) => unchecked(live - RemoteOffset(isSyn));

    private uint RemoteOffset(bool isSyn) => isSyn ? 0 : RemoteIsn;

    private uint LocalOffset(bool isSyn) => unchecked(isSyn ? LiveLocalIsn - ScriptLocalIsn : LiveLocalIsn);
}
