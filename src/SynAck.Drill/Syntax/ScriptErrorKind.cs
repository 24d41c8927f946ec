namespace SynAck.Drill.Syntax;

/// <summary>Why a script could not be parsed.</summary>
public enum ScriptErrorKind
{
    /// <summary>A token the grammar does not allow where it stands.</summary>
    UnexpectedToken,

    /// <summary>The script ends in the middle of a statement.</summary>
    UnexpectedEndOfScript,

    /// <summary>A <c>/*</c> comment has no closing <c>*/</c>.</summary>
    UnterminatedComment,

    /// <summary>A <c>"</c> string has no closing quote on its line.</summary>
    UnterminatedString,

    /// <summary>A backquoted command has no closing backquote.</summary>
    UnterminatedCommand,

    /// <summary>A <c>%{</c> code block has no closing <c>}%</c>.</summary>
    UnterminatedCode,

    /// <summary>A number that does not fit the field it is written for.</summary>
    NumberOutOfRange,

    /// <summary>A time that is negative, or a range that ends before it starts.</summary>
    InvalidTime,

    /// <summary>A time range or <c>*</c> on an event that is not an outbound packet.</summary>
    TimeNotAllowed,

    /// <summary>TCP flags with an unknown letter or a letter given twice.</summary>
    InvalidFlags,

    /// <summary><c>start:end(length)</c> where end is not start plus length.</summary>
    InconsistentSequence,

    /// <summary>A wildcard on an inbound packet, which must say exactly what it sends: <c>&lt;...&gt;</c> options, a <c>...</c> sequence number or <c>ect01</c>.</summary>
    WildcardNotAllowed,

    /// <summary>A <c>--option</c> value the runner cannot use (e.g. <c>--tolerance_usecs=abc</c>).</summary>
    InvalidOptionValue,

    /// <summary>More TCP option bytes than a header holds (40).</summary>
    OptionsTooLong,

    /// <summary>TCP options whose length is not a multiple of 4 bytes (pad them with <c>nop</c> or <c>eol</c>).</summary>
    OptionsNotPadded,

    /// <summary>An inbound packet without <c>win N</c>: the script must say what it sends.</summary>
    MissingWindow,

    /// <summary>A packet of a kind other than TCP (UDP, ICMP, SCTP, GRE, MPLS, explicit IP headers).</summary>
    UnsupportedPacket,

    /// <summary>A <c>--option</c> line after the first event.</summary>
    MisplacedOption,

    /// <summary>An unknown <c>#</c> directive, or <c>#else</c>/<c>#endif</c>/<c>#ifdef</c> that do not pair up.</summary>
    InvalidDirective,

    /// <summary>A new statement that starts on the line of the previous one.</summary>
    StatementNotOnNewLine,

    /// <summary>Brackets or braces nested deeper than the parser follows.</summary>
    NestingTooDeep,
}
