using System.Runtime.ExceptionServices;
using System.Runtime.Versioning;
using SynAck.Interop;

namespace SynAck.Links.Tun;

/// <summary>
/// Runs code inside a named Linux network namespace (one made by <c>ip netns add NAME</c>, which
/// lives at <c>/var/run/netns/NAME</c>), so that the TUN devices and sockets it creates belong to
/// that namespace. Once created, a descriptor stays in its namespace wherever it is used from.
/// </summary>
/// <remarks>
/// The action runs on a new thread that joins the namespace with setns(2) (which moves only the
/// calling thread) and goes back to the original namespace before it ends, so no thread of the
/// process outside the action ever changes namespace. Keep the action synchronous and short:
/// open devices, create, bind and listen on sockets. Threads the runtime starts from inside it
/// (thread-pool workers woken by queued work, the socket engine started by a first asynchronous
/// socket call) would inherit the namespace for good, so do not queue work or start asynchronous
/// operations there; use what it returns from any thread afterwards. Needs CAP_SYS_ADMIN.
/// </remarks>
[SupportedOSPlatform("linux")]
public static class NetworkNamespace
{
    /// <summary>The folder where <c>ip netns</c> keeps named namespaces.</summary>
    public const string NamedNamespaceFolder = "/var/run/netns";

    /// <summary>Runs <paramref name="action"/> inside the namespace and returns its result.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="name">The namespace name, as <c>ip netns list</c> shows it.</param>
    /// <param name="action">What to run there; its exception, if any, is rethrown here.</param>
    /// <returns>What <paramref name="action"/> returned.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a plain name.</exception>
    /// <exception cref="FileNotFoundException">No namespace has that name.</exception>
    /// <exception cref="UnauthorizedAccessException">The process may not enter namespaces.</exception>
    /// <exception cref="IOException">setns(2) failed for another reason.</exception>
    public static T Run<T>(string name, Func<T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var path = PathOf(name);
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = RunInside(path, action);
            }
            catch (Exception exception)
            {
                failure = ExceptionDispatchInfo.Capture(exception);
            }
        })
        {
            IsBackground = true,
            Name = $"SynAck netns {name}",
        };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }

    /// <summary>Runs <paramref name="action"/> inside the namespace.</summary>
    /// <param name="name">The namespace name, as <c>ip netns list</c> shows it.</param>
    /// <param name="action">What to run there; its exception, if any, is rethrown here.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a plain name.</exception>
    /// <exception cref="FileNotFoundException">No namespace has that name.</exception>
    /// <exception cref="UnauthorizedAccessException">The process may not enter namespaces.</exception>
    /// <exception cref="IOException">setns(2) failed for another reason.</exception>
    public static void Run(string name, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        Run(name, () =>
        {
            action();
            return true;
        });
    }

    /// <summary>The file that names a namespace: <c>/var/run/netns/NAME</c>.</summary>
    /// <param name="name">The namespace name.</param>
    /// <returns>The path.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, a dot name, or has a slash or NUL.</exception>
    public static string PathOf(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name is "." or ".." || name.AsSpan().IndexOfAny('/', '\0') >= 0)
        {
            throw new ArgumentException($"'{name}' is not a namespace name.", nameof(name));
        }

        return $"{NamedNamespaceFolder}/{name}";
    }

    private static T RunInside<T>(string path, Func<T> action)
    {
        using var original = OpenNamespace(Libc.ThreadNetworkNamespacePath);
        using (var target = OpenNamespace(path))
        {
            Enter(target, path);
        }

        try
        {
            return action();
        }
        finally
        {
            // The thread ends next, so a failure to go back strands nothing but this thread.
            _ = Libc.SetNamespace(original, Libc.CloneNewNet);
        }
    }

    private static FileDescriptorHandle OpenNamespace(string path)
    {
        var handle = Libc.Open(path, Libc.ORdOnly | Libc.OCloExec);
        if (handle.IsInvalid)
        {
            var errno = Errno.Last;
            handle.Dispose();
            throw Errno.ToException(errno, $"Opening the network namespace {path}");
        }

        return handle;
    }

    private static void Enter(FileDescriptorHandle target, string path)
    {
        if (Libc.SetNamespace(target, Libc.CloneNewNet) != 0)
        {
            throw Errno.ToException(Errno.Last, $"Entering the network namespace {path}");
        }
    }
}
