namespace SynAck.Drill.Runner;

/// <summary>What a system call returned: its result, the errno when it failed, and a value it wrote that differed from the script's.</summary>
internal readonly record struct SyscallReturn(long Result, string? Errno = null, string? OutputMismatch = null)
{
    public static SyscallReturn Ok(long result = 0) => new(result);

    public static SyscallReturn Fail(string errno) => new(-1, errno);
}

/// <summary>
/// A system call in progress: its task, and for a non-blocking socket what it returns when it
/// would block (EAGAIN or EINPROGRESS, after withdrawing the pending operation).
/// </summary>
internal sealed record CallInProgress(Task<SyscallReturn> Task, Func<SyscallReturn>? WouldBlock);
