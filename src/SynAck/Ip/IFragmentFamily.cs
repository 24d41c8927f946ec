namespace SynAck.Ip;

/// <summary>What differs between IPv4 and IPv6 when a reassembled packet is rebuilt.</summary>
internal interface IFragmentFamily
{
    /// <summary>
    /// Turns the stored header of the first fragment into the header of the whole packet, in
    /// place: lengths set, fragment fields or Fragment header removed, CE set if a fragment had
    /// it, checksum fixed.
    /// </summary>
    /// <param name="header">The first fragment's header as stored (IPv4: with options; IPv6: up to and including the Fragment header).</param>
    /// <param name="payloadLength">The length of the reassembled payload that follows the header.</param>
    /// <param name="maxPacketLength">The longest packet allowed, headers included.</param>
    /// <param name="setCongestionExperienced">Whether to set the ECN field to CE (RFC 3168 §5.3).</param>
    /// <param name="packetStart">Where the rebuilt packet starts inside <paramref name="header"/>.</param>
    /// <returns>False if the packet would be longer than <paramref name="maxPacketLength"/>.</returns>
    static abstract bool TryFinishHeader(Span<byte> header, int payloadLength, int maxPacketLength, bool setCongestionExperienced, out int packetStart);
}
