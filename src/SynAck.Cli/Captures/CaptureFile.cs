namespace SynAck.Cli.Captures;

/// <summary>Opens a capture named on the command line, turning the ways it can fail into one line on stderr and an exit code.</summary>
internal static class CaptureFile
{
    /// <summary>Opens <paramref name="path"/> for reading its TCP segments.</summary>
    /// <param name="verb">The verb, to start the error message with (<c>decode</c>).</param>
    /// <param name="path">The file named on the command line.</param>
    /// <param name="error">Where to write why the file cannot be read.</param>
    /// <param name="reader">The reader, when the result is true.</param>
    /// <param name="exitCode">The exit code to end with, when the result is false.</param>
    public static bool TryOpen(string verb, string path, TextWriter error, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CaptureSegmentReader? reader, out int exitCode)
    {
        reader = null;
        exitCode = ExitCodes.BadInput;
        if (Directory.Exists(path))
        {
            error.WriteLine($"synack {verb}: {path}: is a directory, not a capture file");
            return false;
        }

        if (!File.Exists(path))
        {
            error.WriteLine($"synack {verb}: {path}: no such file");
            return false;
        }

        try
        {
            reader = CaptureSegmentReader.Open(path);
            exitCode = ExitCodes.Success;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"synack {verb}: {path}: {e.Message}");
            exitCode = ExitCodes.Failure;
            return false;
        }
    }

    /// <summary>The line that reports a capture's problem: <c>synack decode: x.pcap: file ends inside the record at byte 1234</c>.</summary>
    public static string DescribeError(string verb, string path, SynAck.Wire.Capture.CaptureError end) => $"synack {verb}: {path}: {end.Message}";
}
