using System.Runtime.Versioning;
using SynAck.Links.Tun;

namespace SynAck.Tests.Links.Tun;

/// <summary>Namespace names are checked before the kernel is asked; the kernel side is in SynAck.Interop.Tests.</summary>
[SupportedOSPlatform("linux")]
public class NetworkNamespaceNameTests
{
    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a/b")]
    public void A_name_that_is_not_a_plain_name_is_an_argument_error(string name)
        => Assert.ThrowsAny<ArgumentException>(() => NetworkNamespace.PathOf(name));

    [Fact]
    public void A_name_maps_to_its_file_under_var_run_netns()
        => Assert.Equal("/var/run/netns/blue", NetworkNamespace.PathOf("blue"));
}
