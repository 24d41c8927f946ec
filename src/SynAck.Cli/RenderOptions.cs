using System.CommandLine;
using SynAck.Diagnostics;

namespace SynAck.Cli;

/// <summary>
/// The options every verb that draws a ladder shares (<c>diagram</c>, <c>demo</c>): <c>--format</c>,
/// <c>--symbolic</c>, <c>--window</c>, <c>--ascii</c> and <c>--color</c>, named and read in one place.
/// </summary>
internal sealed class RenderOptions
{
    /// <summary>Creates the options; <paramref name="jsonDescription"/> says what <c>--format json</c> writes for this verb.</summary>
    public RenderOptions(string jsonDescription)
    {
        Format = new Option<string>("--format")
        {
            Description = $"text: a ladder diagram; json: {jsonDescription}; mermaid: a sequenceDiagram.",
            DefaultValueFactory = _ => "text",
        };
        Format.AcceptOnlyFromAmong("text", "json", "mermaid");
        Symbolic = new Option<bool>("--symbolic")
        {
            Description = "Write sequence numbers as the seed does: x and y for the ISNs, u, v, w in the wave.",
        };
        Window = new Option<bool>("--window")
        {
            Description = "Show each segment's window on its arrow.",
        };
        Ascii = new Option<bool>("--ascii")
        {
            Description = "Draw the ladder with ASCII characters only.",
        };
        Color = new Option<string>("--color")
        {
            Description = "Colour the ladder: auto (when writing to a terminal and NO_COLOR is unset), always, never.",
            DefaultValueFactory = _ => "auto",
        };
        Color.AcceptOnlyFromAmong("auto", "always", "never");
    }

    /// <summary><c>--format text|json|mermaid</c>.</summary>
    public Option<string> Format { get; }

    /// <summary><c>--symbolic</c>.</summary>
    public Option<bool> Symbolic { get; }

    /// <summary><c>--window</c>.</summary>
    public Option<bool> Window { get; }

    /// <summary><c>--ascii</c>.</summary>
    public Option<bool> Ascii { get; }

    /// <summary><c>--color auto|always|never</c>.</summary>
    public Option<string> Color { get; }

    /// <summary>Adds the options to a verb.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Format);
        command.Options.Add(Symbolic);
        command.Options.Add(Window);
        command.Options.Add(Ascii);
        command.Options.Add(Color);
    }

    /// <summary>The chosen format: <c>text</c>, <c>json</c> or <c>mermaid</c>.</summary>
    public string FormatOf(ParseResult parse) => parse.GetValue(Format)!;

    /// <summary>How to render, as parsed; colour only for text on a terminal (or when forced).</summary>
    public DiagramOptions Read(ParseResult parse, Terminal terminal) => new()
    {
        Symbolic = parse.GetValue(Symbolic),
        ShowWindow = parse.GetValue(Window),
        Ascii = parse.GetValue(Ascii),
        Color = FormatOf(parse) == "text" && terminal.UseColor(parse.GetValue(Color)!),
    };
}
