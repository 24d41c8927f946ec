using SynAck.Drill.Syntax;

namespace SynAck.Drill.Runner;

/// <summary>Ends a run at the first event the stack did not satisfy.</summary>
internal sealed class DrillFailure : Exception
{
    public DrillFailure(SourceLocation? location, string message, string? expected = null, string? actual = null)
        : base(message)
    {
        Location = location;
        Expected = expected;
        Actual = actual;
    }

    public DrillFailure()
    {
    }

    public DrillFailure(string message)
        : base(message)
    {
    }

    public DrillFailure(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SourceLocation? Location { get; }

    public string? Expected { get; }

    public string? Actual { get; }
}
