using System.Globalization;

namespace SynAck.Drill.Syntax;

/// <summary>A system call argument or result as written in a script.</summary>
/// <param name="Location">Where the expression starts.</param>
public abstract record ScriptExpression(SourceLocation Location);

/// <summary>An integer, decimal (<c>3</c>, <c>-1</c>) or hexadecimal (<c>0x02</c>).</summary>
/// <param name="Value">The value.</param>
/// <param name="IsHex">True when written in hexadecimal.</param>
/// <param name="Location">Where it starts.</param>
public sealed record IntegerExpression(long Value, bool IsHex, SourceLocation Location) : ScriptExpression(Location)
{
    /// <summary>The value in decimal, or in hex as whole bytes (<c>0x02</c>) when written in hex.</summary>
    public override string ToString()
    {
        if (!IsHex)
        {
            return Value.ToString(CultureInfo.InvariantCulture);
        }

        var digits = Value.ToString("x", CultureInfo.InvariantCulture);
        return "0x" + (digits.Length % 2 == 0 ? digits : "0" + digits);
    }
}

/// <summary><c>...</c>: a value the script does not care about.</summary>
/// <param name="Location">Where it starts.</param>
public sealed record EllipsisExpression(SourceLocation Location) : ScriptExpression(Location)
{
    /// <summary><c>...</c>.</summary>
    public override string ToString() => "...";
}

/// <summary>A symbolic constant such as <c>SOCK_STREAM</c>, <c>O_NONBLOCK</c> or <c>NULL</c>.</summary>
/// <param name="Name">The name.</param>
/// <param name="Location">Where it starts.</param>
public sealed record SymbolExpression(string Name, SourceLocation Location) : ScriptExpression(Location)
{
    /// <summary>The name.</summary>
    public override string ToString() => Name;
}

/// <summary>A string literal, optionally followed by <c>...</c> (a prefix of the data).</summary>
/// <param name="Value">The text between the quotes, escapes kept as written.</param>
/// <param name="HasTrailingEllipsis">True for <c>"abc"...</c>.</param>
/// <param name="Location">Where it starts.</param>
public sealed record StringExpression(string Value, bool HasTrailingEllipsis, SourceLocation Location) : ScriptExpression(Location)
{
    /// <summary>The literal as written.</summary>
    public override string ToString() => "\"" + Value + "\"" + (HasTrailingEllipsis ? "..." : string.Empty);
}

/// <summary><c>a | b</c>: bitwise OR of flags (<c>O_RDWR | O_NONBLOCK</c>).</summary>
/// <param name="Left">The left operand.</param>
/// <param name="Right">The right operand.</param>
/// <param name="Location">Where the left operand starts.</param>
public sealed record BitwiseOrExpression(ScriptExpression Left, ScriptExpression Right, SourceLocation Location) : ScriptExpression(Location)
{
    /// <summary><c>left | right</c>.</summary>
    public override string ToString() => Left + " | " + Right;
}

/// <summary><c>[a, b]</c>: an array, or a pointer to a value (<c>[65536]</c> for an int optval).</summary>
/// <param name="Items">The elements.</param>
/// <param name="Location">Where the bracket is.</param>
public sealed record ListExpression(IReadOnlyList<ScriptExpression> Items, SourceLocation Location) : ScriptExpression(Location)
{
    /// <summary><c>[a, b]</c>.</summary>
    public override string ToString() => "[" + string.Join(", ", Items) + "]";
}

/// <summary>
/// <c>{...}</c>: a structure such as <c>{sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr("192.0.2.1")}</c>
/// or <c>{onoff=1, linger=0}</c>. Fields are kept as written; a field may have no name.
/// </summary>
/// <param name="Fields">The fields in order.</param>
/// <param name="Location">Where the brace is.</param>
public sealed record StructExpression(IReadOnlyList<StructField> Fields, SourceLocation Location) : ScriptExpression(Location)
{
    /// <summary>The value of the first field with this name, or null.</summary>
    /// <param name="name">The field name, e.g. <c>sin_port</c>.</param>
    public ScriptExpression? this[string name] =>
        Fields.FirstOrDefault(f => f.Name is SymbolExpression symbol && symbol.Name == name)?.Value;

    /// <summary><c>{name=value, ...}</c>.</summary>
    public override string ToString() => "{" + string.Join(", ", Fields) + "}";
}

/// <summary>One field of a <see cref="StructExpression"/>: <c>name=value</c>, or just a value.</summary>
/// <param name="Name">The name part (usually a symbol; <c>msg_iov(1)</c> is a call), or null for a positional value.</param>
/// <param name="Value">The value.</param>
public sealed record StructField(ScriptExpression? Name, ScriptExpression Value)
{
    /// <summary><c>name=value</c> or <c>value</c>.</summary>
    public override string ToString() => Name is null ? Value.ToString() : Name + "=" + Value;
}

/// <summary><c>name(args)</c> inside an expression: <c>htons(8080)</c>, <c>inet_addr("192.0.2.1")</c>.</summary>
/// <param name="Function">The function name.</param>
/// <param name="Arguments">The arguments.</param>
/// <param name="Location">Where the name starts.</param>
public sealed record CallExpression(string Function, IReadOnlyList<ScriptExpression> Arguments, SourceLocation Location) : ScriptExpression(Location)
{
    /// <summary><c>name(args)</c>.</summary>
    public override string ToString() => Function + "(" + string.Join(", ", Arguments) + ")";
}
