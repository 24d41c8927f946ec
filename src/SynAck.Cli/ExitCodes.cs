namespace SynAck.Cli;

/// <summary>The exit codes every <c>synack</c> verb uses.</summary>
internal static class ExitCodes
{
    /// <summary>The verb did its job.</summary>
    public const int Success = 0;

    /// <summary>Something other than the input went wrong: an I/O error, a failure of SynAck itself.</summary>
    public const int Failure = 1;

    /// <summary>The input is bad: a usage error, a missing file, or a file that is not a valid capture.</summary>
    public const int BadInput = 2;
}
