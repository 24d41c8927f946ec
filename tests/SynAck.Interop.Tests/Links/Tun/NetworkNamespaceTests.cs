using System.Net.NetworkInformation;
using System.Runtime.Versioning;
using SynAck.Interop.Tests.Namespaces;
using SynAck.Links.Tun;

namespace SynAck.Interop.Tests.Links.Tun;

[SupportedOSPlatform("linux")]
public class NetworkNamespaceTests
{
    private const string ThreadNamespace = "/proc/thread-self/ns/net";

    [RootFact]
    public async Task Run_executes_inside_the_namespace_and_leaves_the_calling_thread_where_it_was()
    {
        await using var space = await TunNamespace.CreateAsync();

        var before = new FileInfo(ThreadNamespace).LinkTarget;
        var (inside, interfaces) = NetworkNamespace.Run(space.Name, () =>
            (new FileInfo(ThreadNamespace).LinkTarget, NetworkInterface.GetAllNetworkInterfaces().Select(i => i.Name).ToList()));
        var after = new FileInfo(ThreadNamespace).LinkTarget;

        Assert.StartsWith("net:[", before, StringComparison.Ordinal);
        Assert.NotEqual(before, inside);
        Assert.Equal(before, after);
        Assert.Equal(["lo", TunNamespace.InterfaceName], interfaces.Order());
    }

    [RootFact]
    public async Task Run_rethrows_the_exception_of_the_action()
    {
        await using var space = await TunNamespace.CreateAsync();

        var thrown = Assert.Throws<InvalidOperationException>(() => NetworkNamespace.Run(space.Name, () => throw new InvalidOperationException("inside")));
        Assert.Equal("inside", thrown.Message);
    }

    [RootFact]
    public void Run_on_a_namespace_that_does_not_exist_throws_file_not_found_and_never_runs_the_action()
    {
        var ran = false;

        Assert.Throws<FileNotFoundException>(() => NetworkNamespace.Run("synack-tun-no-such-namespace", () => ran = true));
        Assert.False(ran);
    }
}
