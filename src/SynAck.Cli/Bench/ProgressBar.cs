namespace SynAck.Cli.Bench;

/// <summary>
/// A one-line progress bar on standard error (<c>throughput mss 1460 [#####     ] 50%</c>), redrawn
/// in place, only when standard error is a terminal. Reports are synchronous, so a stack's thread
/// may report; the bar draws only when the whole percentage changes.
/// </summary>
internal sealed class ProgressBar(TextWriter error, string label) : IProgress<double>, IDisposable
{
    private const int Width = 30;
    private readonly Lock _gate = new();
    private int _percent = -1;

    /// <summary>Draws the bar at <paramref name="value"/> (0 to 1).</summary>
    public void Report(double value)
    {
        var percent = (int)Math.Clamp(value * 100, 0, 100);
        lock (_gate)
        {
            if (percent == _percent)
            {
                return;
            }

            _percent = percent;
            var filled = percent * Width / 100;
            error.Write($"\r{label} [{new string('#', filled)}{new string(' ', Width - filled)}] {percent,3}%");
            error.Flush();
        }
    }

    /// <summary>Erases the bar.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_percent >= 0)
            {
                error.Write($"\r{new string(' ', label.Length + Width + 8)}\r");
                error.Flush();
            }
        }
    }
}
