namespace SynAck.Runtime;

/// <summary>A simulation could not finish its scenario.</summary>
public class SimulationException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public SimulationException()
        : base("The simulation could not finish its scenario.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public SimulationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public SimulationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The scenario waits for something that can never happen: no work is queued and no timer is
/// armed, yet the scenario has not completed.
/// </summary>
public sealed class SimulationDeadlockException : SimulationException
{
    /// <summary>Creates the exception with a default message.</summary>
    public SimulationDeadlockException()
        : base("The simulation is deadlocked: nothing is runnable and no timer is armed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public SimulationDeadlockException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public SimulationDeadlockException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The scenario did not finish within its limit of virtual time.</summary>
public sealed class SimulationTimeLimitException : SimulationException
{
    /// <summary>Creates the exception with a default message.</summary>
    public SimulationTimeLimitException()
        : base("The simulation passed its virtual-time limit.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public SimulationTimeLimitException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public SimulationTimeLimitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
