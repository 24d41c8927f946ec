using System.Globalization;
using SynAck.Wire;

namespace SynAck.Drill.Syntax;

public sealed partial class ScriptParser
{
    private const int MaxOptionBytes = 40;

    private static readonly HashSet<string> UnsupportedPacketWords =
        new(StringComparer.Ordinal) { "udp", "udplite", "icmp", "sctp", "gre", "mpls", "ipv4", "ipv6" };

    // packet := ('<' | '>') [ip-info] [port '>' port] flags seq ['ack' N] ['win' N] ['urg' N] [options]
    private TcpPacketSpec ParsePacket()
    {
        var directionToken = Take();
        var direction = directionToken.Is('<') ? PacketDirection.Inbound : PacketDirection.Outbound;
        var ip = Current.Is('[') || Current.Is('(') ? ParseIpSpec() : null;
        if (Current.Kind == TokenKind.Word && UnsupportedPacketWords.Contains(Current.Text))
        {
            throw new ScriptSyntaxException(
                ScriptErrorKind.UnsupportedPacket,
                Current.Location,
                $"'{Current.Text}' packets are not supported; only TCP packet lines are");
        }

        ushort? sourcePort = null, destinationPort = null;
        if (Current.Kind == TokenKind.Integer && Next.Is('>'))
        {
            sourcePort = ParseUInt16("a source port");
            Take();
            destinationPort = ParseUInt16("a destination port");
        }

        var flags = ParseFlags();
        var sequence = ParseSequence();
        uint? ack = null;
        ushort? window = null, urgent = null;
        if (Current.IsWord("ack"))
        {
            Take();
            ack = ParseUInt32("an acknowledgment number after 'ack'");
        }

        if (Current.IsWord("win"))
        {
            Take();
            window = ParseUInt16("a window after 'win'");
        }

        if (Current.IsWord("urg"))
        {
            Take();
            urgent = ParseUInt16("an urgent pointer after 'urg'");
        }

        var anyOptions = false;
        IReadOnlyList<TcpOptionSpec> options = [];
        if (Current.Is('<'))
        {
            var open = Current;
            (anyOptions, options) = ParseOptions();
            if (anyOptions && direction == PacketDirection.Inbound)
            {
                throw new ScriptSyntaxException(
                    ScriptErrorKind.WildcardNotAllowed,
                    open.Location,
                    "<...> for TCP options can only be used with outbound packets");
            }
        }

        if (direction == PacketDirection.Inbound && sequence.IsIgnored)
        {
            throw new ScriptSyntaxException(ScriptErrorKind.WildcardNotAllowed, directionToken.Location, "'...' for the sequence number can only be used with outbound packets");
        }

        if (direction == PacketDirection.Inbound && ip?.Ecn == EcnExpectation.Ect0OrEct1)
        {
            throw new ScriptSyntaxException(ScriptErrorKind.WildcardNotAllowed, directionToken.Location, "[ect01] can only be used with outbound packets");
        }

        if (window is null && direction == PacketDirection.Inbound)
        {
            throw new ScriptSyntaxException(ScriptErrorKind.MissingWindow, directionToken.Location, "window must be specified for inbound packets; expected 'win N'");
        }

        return new TcpPacketSpec
        {
            Direction = direction,
            Ip = ip,
            SourcePort = sourcePort,
            DestinationPort = destinationPort,
            Flags = flags,
            Sequence = sequence,
            Acknowledgment = ack,
            Window = window,
            UrgentPointer = urgent,
            AnyOptions = anyOptions,
            Options = options,
        };
    }

    // flags := WORD ['.'] | '.' | '-'  where the word's letters are F S R P U E W A, each at most once.
    private TcpFlags ParseFlags()
    {
        var token = Current;
        if (token.Is('-'))
        {
            Take();
            return TcpFlags.None;
        }

        if (token.Is('.'))
        {
            Take();
            return TcpFlags.Ack;
        }

        if (token.Kind != TokenKind.Word)
        {
            throw Unexpected("TCP flags (such as S, S., ., P., F., R or R.)");
        }

        Take();
        var flags = TcpFlags.None;
        foreach (var letter in token.Text)
        {
            var flag = letter switch
            {
                'F' => TcpFlags.Fin,
                'S' => TcpFlags.Syn,
                'R' => TcpFlags.Rst,
                'P' => TcpFlags.Psh,
                'U' => TcpFlags.Urg,
                'E' => TcpFlags.Ece,
                'W' => TcpFlags.Cwr,
                'A' => TcpFlags.Ae,
                _ => throw new ScriptSyntaxException(
                    ScriptErrorKind.InvalidFlags,
                    token.Location,
                    $"unknown TCP flag '{letter}' in '{token.Text}'; expected the letters F, S, R, P, U, E, W, A and '.' for ACK"),
            };
            if ((flags & flag) != 0)
            {
                throw new ScriptSyntaxException(ScriptErrorKind.InvalidFlags, token.Location, $"TCP flag '{letter}' given twice in '{token.Text}'");
            }

            flags |= flag;
        }

        if (Current.Is('.'))
        {
            Take();
            flags |= TcpFlags.Ack;
        }

        return flags;
    }

    // seq := N ':' N '(' N ')' ['!'] | '...' '(' N ')'
    private SequenceSpec ParseSequence()
    {
        if (Current.Kind == TokenKind.Ellipsis)
        {
            Take();
            Expect('(', "'(' and the payload length after '...'");
            var ignoredLength = ParseUInt16("a payload length");
            Expect(')', "')' after the payload length");
            return new SequenceSpec(0, ignoredLength, IsIgnored: true);
        }

        var start = Current;
        var first = ParseUInt32("a sequence range start:end(length)");
        Expect(':', "':' in start:end(length)");
        var end = ParseUInt32("the end of start:end(length)");
        Expect('(', "'(' and the payload length in start:end(length)");
        var length = ParseUInt16("a payload length");
        Expect(')', "')' after the payload length");
        if ((ulong)first + length != end)
        {
            throw new ScriptSyntaxException(
                ScriptErrorKind.InconsistentSequence,
                start.Location,
                $"inconsistent TCP sequence numbers and payload size: {first}:{end}({length}) but {first} + {length} is {(ulong)first + length}");
        }

        var absolute = false;
        if (Current.Is('!'))
        {
            Take();
            absolute = true;
        }

        return new SequenceSpec(first, length, IsAbsolute: absolute);
    }

    // options := '<' '...' '>' | '<' option (',' option)* '>'
    private (bool Any, IReadOnlyList<TcpOptionSpec> Options) ParseOptions()
    {
        var open = Take();
        if (Current.Kind == TokenKind.Ellipsis)
        {
            Take();
            Expect('>', "'>' after '<...'");
            return (true, []);
        }

        var options = new List<TcpOptionSpec> { ParseTcpOption() };
        while (Current.Is(','))
        {
            Take();
            options.Add(ParseTcpOption());
        }

        Expect('>', "',' and another TCP option, or '>' to close the option list");
        var bytes = options.Sum(o => o.EncodedLength);
        if (bytes > MaxOptionBytes)
        {
            throw new ScriptSyntaxException(
                ScriptErrorKind.OptionsTooLong,
                open.Location,
                $"TCP option list too long: {bytes} bytes, at most {MaxOptionBytes} fit in a header");
        }

        if (bytes % 4 != 0)
        {
            throw new ScriptSyntaxException(
                ScriptErrorKind.OptionsNotPadded,
                open.Location,
                $"TCP options take {bytes} bytes, not a multiple of 4; pad them with nop or eol");
        }

        return (false, options);
    }

    private TcpOptionSpec ParseTcpOption()
    {
        var token = Current;
        if (token.Kind != TokenKind.Word)
        {
            throw Unexpected("a TCP option (mss, wscale, sackOK, sack, TS, FO, nop or eol)");
        }

        Take();
        switch (token.Text)
        {
            case "nop":
                return new NopOptionSpec();
            case "eol":
                return new EolOptionSpec();
            case "sackOK":
                return new SackPermittedOptionSpec();
            case "mss":
                return new MssOptionSpec(ParseUInt16("an MSS value after 'mss'"));
            case "wscale":
                return new WindowScaleOptionSpec(ParseByte("a shift count after 'wscale'"));
            case "sack":
                var blocks = new List<SackBlockSpec>();
                do
                {
                    var left = ParseUInt32("a SACK block left:right after 'sack'");
                    Expect(':', "':' in the SACK block left:right");
                    blocks.Add(new SackBlockSpec(left, ParseUInt32("the right edge of the SACK block")));
                }
                while (Current.Kind == TokenKind.Integer);
                return new SackOptionSpec(blocks);
            case "TS":
                return ParseTimestamp();
            case "FO":
                return ParseFastOpen();
            default:
                throw new ScriptSyntaxException(
                    ScriptErrorKind.UnexpectedToken,
                    token.Location,
                    $"unknown TCP option '{token.Text}'; expected mss, wscale, sackOK, sack, TS, FO, nop or eol");
        }
    }

    // 'TS' 'val' (N | '...') 'ecr' N ['!']
    private TimestampOptionSpec ParseTimestamp()
    {
        if (!Current.IsWord("val"))
        {
            throw Unexpected("'val' after 'TS'");
        }

        Take();
        uint value = 0;
        var ignored = Current.Kind == TokenKind.Ellipsis;
        if (ignored)
        {
            Take();
        }
        else
        {
            value = ParseUInt32("a timestamp value after 'val' (or '...')");
        }

        if (!Current.IsWord("ecr"))
        {
            throw Unexpected("'ecr' after the timestamp value");
        }

        Take();
        var echo = ParseUInt32("a timestamp echo reply after 'ecr'");
        var absolute = false;
        if (Current.Is('!'))
        {
            Take();
            absolute = true;
        }

        return new TimestampOptionSpec(value, echo, ignored, absolute);
    }

    // 'FO' [hex digits]: an even number of hex digits, possibly none.
    private FastOpenOptionSpec ParseFastOpen()
    {
        if (Current.Kind is not (TokenKind.Word or TokenKind.Integer))
        {
            return new FastOpenOptionSpec([]);
        }

        var token = Take();
        var hex = token.Text;
        if (hex.Length % 2 != 0 || hex.AsSpan().ContainsAnyExcept("0123456789abcdefABCDEF"))
        {
            throw new ScriptSyntaxException(
                ScriptErrorKind.UnexpectedToken,
                token.Location,
                $"TCP Fast Open cookie '{hex}' is not an even number of hex digits");
        }

        return new FastOpenOptionSpec(Convert.FromHexString(hex));
    }

    // ip-info := ('[' | '(') item (',' item)* (']' | ')'), item := [ecn] codepoint | tos HEX | class HEX | ttl N | hlim N | flowlabel HEX
    private IpSpec ParseIpSpec()
    {
        var close = Take().Is('[') ? ']' : ')';
        EcnExpectation? ecn = null;
        byte? tos = null, ttl = null;
        uint? flowLabel = null;
        do
        {
            if (Current.Is(','))
            {
                Take();
            }

            var token = Current;
            if (token.Kind != TokenKind.Word)
            {
                throw Unexpected("an IP field (noecn, ect0, ect1, ce, ect01, tos, ttl, hlim or flowlabel)");
            }

            Take();
            switch (token.Text)
            {
                case "ecn":
                    ecn = ParseEcn(Take());
                    break;
                case "tos" or "class":
                    tos = (byte)ParseHexOrInteger("a TOS byte", byte.MaxValue);
                    break;
                case "ttl" or "hlim":
                    ttl = ParseByte("a TTL / hop limit");
                    break;
                case "flowlabel":
                    flowLabel = (uint)ParseHexOrInteger("a flow label", 0xFFFFF);
                    break;
                default:
                    ecn = ParseEcn(token);
                    break;
            }
        }
        while (Current.Is(','));

        Expect(close, $"'{close}' to close the IP fields");
        return new IpSpec(ecn, tos, ttl, flowLabel);
    }

    private static EcnExpectation ParseEcn(Token token) => token.Text switch
    {
        "noecn" => EcnExpectation.NotEct,
        "ect0" => EcnExpectation.Ect0,
        "ect1" => EcnExpectation.Ect1,
        "ce" => EcnExpectation.Ce,
        "ect01" => EcnExpectation.Ect0OrEct1,
        _ => throw new ScriptSyntaxException(
            ScriptErrorKind.UnexpectedToken,
            token.Location,
            $"unknown IP field {token.Describe()}; expected noecn, ect0, ect1, ce, ect01, tos, ttl, hlim or flowlabel"),
    };

    private uint ParseUInt32(string what) => (uint)ParseUnsigned(what, uint.MaxValue);

    private ushort ParseUInt16(string what) => (ushort)ParseUnsigned(what, ushort.MaxValue);

    private byte ParseByte(string what) => (byte)ParseUnsigned(what, byte.MaxValue);

    private ulong ParseUnsigned(string what, ulong max)
    {
        var token = Current;
        if (token.Kind != TokenKind.Integer)
        {
            throw Unexpected(what);
        }

        Take();
        if (token.Text.StartsWith('-') || !ulong.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > max)
        {
            throw new ScriptSyntaxException(ScriptErrorKind.NumberOutOfRange, token.Location, $"'{token.Text}' is out of range for {what} (0 to {max})");
        }

        return value;
    }

    private ulong ParseHexOrInteger(string what, ulong max)
    {
        var token = Current;
        if (token.Kind != TokenKind.HexInteger)
        {
            return ParseUnsigned(what, max);
        }

        Take();
        if (!ulong.TryParse(token.Text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value) || value > max)
        {
            throw new ScriptSyntaxException(ScriptErrorKind.NumberOutOfRange, token.Location, $"'{token.Text}' is out of range for {what} (0 to 0x{max:x})");
        }

        return value;
    }
}
