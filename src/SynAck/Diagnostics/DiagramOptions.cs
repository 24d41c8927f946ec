namespace SynAck.Diagnostics;

/// <summary>How <see cref="LadderDiagram"/>, <see cref="MermaidDiagram"/> and <see cref="TraceJson"/> render events.</summary>
public sealed record DiagramOptions
{
    /// <summary>The defaults: absolute numbers, no window, plain Unicode text, causes shown, endpoints in order of appearance.</summary>
    public static DiagramOptions Default { get; } = new();

    /// <summary>
    /// Whether to write sequence numbers as the seed does: x and y for the ISNs, u, v and w in the
    /// wave, offsets from them otherwise (<c>x+1</c>). JSON keeps the absolute numbers and adds
    /// <c>seq_symbolic</c> and <c>ack_symbolic</c>. Default false.
    /// </summary>
    public bool Symbolic { get; init; }

    /// <summary>Whether arrows in the ladder and in Mermaid show the window (<c>win=65535</c>). JSON always has it. Default false.</summary>
    public bool ShowWindow { get; init; }

    /// <summary>Whether the ladder shows each state change's cause at the right. Default true.</summary>
    public bool ShowCauses { get; init; } = true;

    /// <summary>Whether the ladder is coloured with ANSI escape sequences (for a terminal). Default false.</summary>
    public bool Color { get; init; }

    /// <summary>Whether the ladder uses only ASCII (<c>|</c>, <c>-</c>, <c>&gt;</c>, <c>x</c>) instead of box-drawing characters. Default false.</summary>
    public bool Ascii { get; init; }

    /// <summary>
    /// The endpoints from left to right (every name the events use must be here); null for the order
    /// in which the events name them. Default null.
    /// </summary>
    public IReadOnlyList<string>? Endpoints { get; init; }
}
