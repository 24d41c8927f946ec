using System.Diagnostics.CodeAnalysis;
using SynAck.Drill.Syntax;

namespace SynAck.Drill.Runner;

/// <summary>The values of the symbols system-call lines use, as FreeBSD numbers them, and the evaluation of argument expressions.</summary>
internal static class ScriptValues
{
    public const long ReadWrite = 0x02;
    public const long NonBlocking = 0x04;

    private static readonly Dictionary<string, long> Symbols = new(StringComparer.Ordinal)
    {
        ["NULL"] = 0,
        ["AF_INET"] = 2,
        ["AF_INET6"] = 28,
        ["PF_INET"] = 2,
        ["PF_INET6"] = 28,
        ["SOCK_STREAM"] = 1,
        ["IPPROTO_TCP"] = 6,
        ["IPPROTO_IP"] = 0,
        ["IPPROTO_IPV6"] = 41,
        ["O_RDONLY"] = 0,
        ["O_WRONLY"] = 1,
        ["O_RDWR"] = ReadWrite,
        ["O_NONBLOCK"] = NonBlocking,
        ["F_GETFL"] = 3,
        ["F_SETFL"] = 4,
        ["SOL_SOCKET"] = 0xffff,
        ["SO_REUSEADDR"] = 0x0004,
        ["SO_KEEPALIVE"] = 0x0008,
        ["SO_LINGER"] = 0x0080,
        ["SO_SNDBUF"] = 0x1001,
        ["SO_RCVBUF"] = 0x1002,
        ["SO_ERROR"] = 0x1007,
        ["TCP_NODELAY"] = 1,
        ["TCP_MAXSEG"] = 2,
        ["TCP_NOPUSH"] = 4,
        ["TCP_NOOPT"] = 8,
        ["TCP_KEEPINIT"] = 128,
        ["SHUT_RD"] = 0,
        ["SHUT_WR"] = 1,
        ["SHUT_RDWR"] = 2,
        ["MSG_OOB"] = 0x1,
        ["MSG_PEEK"] = 0x2,
        ["MSG_DONTWAIT"] = 0x80,
    };

    /// <summary>Evaluates a number, a symbol, an errno name or an OR of them; a one-element list <c>[x]</c> is its element.</summary>
    public static bool TryEvaluate(ScriptExpression expression, out long value)
    {
        switch (expression)
        {
            case IntegerExpression integer:
                value = integer.Value;
                return true;
            case SymbolExpression symbol when Symbols.TryGetValue(symbol.Name, out value):
                return true;
            case SymbolExpression symbol when Errno.TryGetNumber(symbol.Name, out var number):
                value = number;
                return true;
            case BitwiseOrExpression or:
                if (TryEvaluate(or.Left, out var left) && TryEvaluate(or.Right, out var right))
                {
                    value = left | right;
                    return true;
                }

                break;
            case ListExpression { Items: [var only] }:
                return TryEvaluate(only, out value);
        }

        value = 0;
        return false;
    }

    /// <summary>The integer a call needs at <paramref name="index"/>, or a failure naming the argument.</summary>
    public static long Argument(SyscallEvent call, int index)
    {
        if (index >= call.Arguments.Count)
        {
            throw new DrillFailure(call.Location, $"{call.Name} needs an argument {index + 1}");
        }

        if (!TryEvaluate(call.Arguments[index], out var value))
        {
            throw new DrillFailure(call.Location, $"{call.Name}: cannot evaluate argument {index + 1} '{call.Arguments[index]}'");
        }

        return value;
    }

    /// <summary>A symbol's name at <paramref name="index"/>, when the argument is one.</summary>
    public static bool TryGetSymbol(SyscallEvent call, int index, [NotNullWhen(true)] out string? name)
    {
        name = index < call.Arguments.Count && call.Arguments[index] is SymbolExpression symbol ? symbol.Name : null;
        return name is not null;
    }

    /// <summary>Whether the argument is <c>...</c> (or a list holding only that): the script does not care.</summary>
    public static bool IsWildcard(ScriptExpression expression) =>
        expression is EllipsisExpression or ListExpression { Items: [EllipsisExpression] };
}
