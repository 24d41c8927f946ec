namespace SynAck.Runtime;

/// <summary>
/// A unit of work that an <see cref="EventLoop"/> runs. Posting a long-lived object that
/// implements this interface costs no allocation, which makes it the form to use on hot paths.
/// </summary>
public interface IWorkItem
{
    /// <summary>Runs the work on the loop that it was posted to.</summary>
    void Execute();
}
