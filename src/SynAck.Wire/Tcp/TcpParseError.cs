namespace SynAck.Wire.Tcp;

/// <summary>Why bytes were not accepted as a TCP segment, header or option list.</summary>
public enum TcpParseError
{
    /// <summary>No error: the bytes were accepted.</summary>
    None = 0,

    /// <summary>Fewer than the 20 bytes of a header without options.</summary>
    TooShort,

    /// <summary>The data offset is below 5, so the header would end inside its own fixed fields.</summary>
    DataOffsetTooSmall,

    /// <summary>The data offset points past the end of the segment.</summary>
    DataOffsetBeyondSegment,

    /// <summary>An option's length byte is 0 or 1, which cannot cover its own kind and length bytes (RFC 9293 MUST-7).</summary>
    OptionLengthIllegal,

    /// <summary>An option runs past the end of the options area, or its length byte is missing.</summary>
    OptionTruncated,

    /// <summary>A known option has a length other than its fixed one (e.g. MSS with length 3).</summary>
    OptionLengthWrongForKind,

    /// <summary>A SACK option's length is not 2 + 8n with n from 1 to 4 (RFC 2018 §3).</summary>
    SackBlockCountIllegal,
}
