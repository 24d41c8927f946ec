using SynAck.Drill.Syntax;

namespace SynAck.Drill.Tests.Syntax;

public sealed class SyscallParsingTests
{
    [Fact]
    public void A_failing_connect_has_its_errno_and_strerror_text()
    {
        var call = Parse.Syscall("+0.00 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)");

        Assert.Equal("connect", call.Name);
        Assert.Collection(
            call.Arguments,
            a => Assert.Equal(3, Assert.IsType<IntegerExpression>(a).Value),
            a => Assert.IsType<EllipsisExpression>(a),
            a => Assert.IsType<EllipsisExpression>(a));
        Assert.Equal(-1, Assert.IsType<IntegerExpression>(call.Result).Value);
        Assert.Equal(new ExpectedErrno("EINPROGRESS", "Operation now in progress"), call.Errno);
        Assert.Null(call.Note);
        Assert.False(call.IsBlocking);
    }

    [Fact]
    public void Ored_flags_and_a_hex_result_with_a_note_parse()
    {
        var setfl = Parse.Syscall("0 fcntl(3, F_SETFL, O_RDWR | O_NONBLOCK) = 0");
        var getfl = Parse.Syscall("0 fcntl(3, F_GETFL) = 0x02 (flags O_RDWR)");

        var or = Assert.IsType<BitwiseOrExpression>(setfl.Arguments[2]);
        Assert.Equal("O_RDWR", Assert.IsType<SymbolExpression>(or.Left).Name);
        Assert.Equal("O_NONBLOCK", Assert.IsType<SymbolExpression>(or.Right).Name);
        Assert.Equal(new IntegerExpression(2, true, new SourceLocation(1, 23)), getfl.Result);
        Assert.Null(getfl.Errno);
        Assert.Equal("flags O_RDWR", getfl.Note);
    }

    [Fact]
    public void Pointer_arguments_are_lists()
    {
        var call = Parse.Syscall("+0 getsockopt(3, SOL_SOCKET, SO_ERROR, [ECONNRESET], [4]) = 0");

        Assert.Equal("SO_ERROR", Assert.IsType<SymbolExpression>(call.Arguments[2]).Name);
        Assert.Equal("ECONNRESET", Assert.IsType<SymbolExpression>(Assert.Single(Assert.IsType<ListExpression>(call.Arguments[3]).Items)).Name);
        Assert.Equal(4, Assert.IsType<IntegerExpression>(Assert.Single(Assert.IsType<ListExpression>(call.Arguments[4]).Items)).Value);
    }

    [Fact]
    public void Structures_keep_their_fields_including_calls()
    {
        var call = Parse.Syscall("0 connect(3, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr(\"192.0.2.1\")}, 16) = 0");

        var address = Assert.IsType<StructExpression>(call.Arguments[1]);
        Assert.Equal("AF_INET", Assert.IsType<SymbolExpression>(address["sa_family"]).Name);
        var port = Assert.IsType<CallExpression>(address["sin_port"]);
        Assert.Equal("htons", port.Function);
        Assert.Equal(8080, Assert.IsType<IntegerExpression>(Assert.Single(port.Arguments)).Value);
        Assert.Equal("192.0.2.1", Assert.IsType<StringExpression>(Assert.Single(Assert.IsType<CallExpression>(address["sin_addr"]).Arguments)).Value);
        Assert.Equal("{sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr(\"192.0.2.1\")}", address.ToString());
    }

    [Fact]
    public void Positional_structure_fields_and_strings_with_an_ellipsis_parse()
    {
        var call = Parse.Syscall("0 writev(4, [{..., 10}, {\"abc\"..., 3}], 2) = 13");

        var vectors = Assert.IsType<ListExpression>(call.Arguments[1]);
        var second = Assert.IsType<StructExpression>(vectors.Items[1]);
        Assert.Null(second.Fields[0].Name);
        Assert.Equal(new StringExpression("abc", true, new SourceLocation(1, 26)), second.Fields[0].Value);
    }

    [Fact]
    public void A_space_before_the_parenthesis_is_allowed()
    {
        Assert.Equal("write", Parse.Syscall("+0.00 write (4, ..., 10) = 10").Name);
    }

    [Fact]
    public void A_blocking_call_has_a_return_time_in_the_base_of_its_start()
    {
        var call = Parse.Syscall("+0...0.1 accept(3, ..., ...) = 4");

        Assert.True(call.IsBlocking);
        Assert.Equal(EventTime.After(TimeSpan.Zero), call.Time);
        Assert.Equal(TimeSpan.FromMilliseconds(100), call.ReturnTime);
    }

    [Fact]
    public void A_blocking_call_cannot_return_before_it_starts()
    {
        Assert.Equal(ScriptErrorKind.InvalidTime, Parse.Error("0.5...0.1 accept(3, ..., ...) = 4").Kind);
    }

    [Theory]
    [InlineData("0 close(3) 0", ScriptErrorKind.UnexpectedToken, 12)]
    [InlineData("0 close(3 = 0", ScriptErrorKind.UnexpectedToken, 11)]
    [InlineData("0 read(3, ..., 1) = -1 EAGAIN (Resource", ScriptErrorKind.UnexpectedEndOfScript, 31)]
    [InlineData("0 close(3) = 0.5", ScriptErrorKind.UnexpectedToken, 14)]
    [InlineData("0 close(99999999999999999999) = 0", ScriptErrorKind.NumberOutOfRange, 9)]
    public void Malformed_calls_are_errors(string line, ScriptErrorKind kind, int column)
    {
        var error = Parse.Error(line);

        Assert.Equal(kind, error.Kind);
        Assert.Equal(new SourceLocation(1, column), error.Location);
    }

    [Fact]
    public void Deeply_nested_arguments_are_an_error_not_a_crash()
    {
        var depth = 100_000;
        var error = Parse.Error("0 f(" + new string('[', depth) + new string(']', depth) + ") = 0");

        Assert.Equal(ScriptErrorKind.NestingTooDeep, error.Kind);
    }
}
