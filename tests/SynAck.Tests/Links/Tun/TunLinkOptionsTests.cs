using System.Runtime.Versioning;
using SynAck.Links.Tun;

namespace SynAck.Tests.Links.Tun;

/// <summary>Options are checked before anything is asked of the kernel, so these run anywhere.</summary>
[SupportedOSPlatform("linux")]
public class TunLinkOptionsTests
{
    [Theory]
    [InlineData("")]
    [InlineData("sixteen-chars-xx")]
    [InlineData("has space")]
    [InlineData("a/b")]
    [InlineData("a:b")]
    [InlineData("..")]
    [InlineData("tün")]
    public void An_interface_name_the_kernel_would_refuse_is_an_argument_error(string name)
        => Assert.ThrowsAny<ArgumentException>(() => TunLink.Open(new TunLinkOptions { InterfaceName = name }));

    [Theory]
    [InlineData(67)]
    [InlineData(65536)]
    public void An_mtu_outside_68_to_65535_is_an_argument_error(int mtu)
        => Assert.Throws<ArgumentOutOfRangeException>(() => TunLink.Open(new TunLinkOptions { Mtu = mtu }));

    [Fact]
    public void Fewer_than_two_receive_batches_is_an_argument_error()
        => Assert.Throws<ArgumentOutOfRangeException>(() => TunLink.Open(new TunLinkOptions { ReceiveBatchCount = 1 }));

    [Theory]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData(" ")]
    public void A_namespace_name_that_is_not_a_plain_name_is_an_argument_error(string name)
        => Assert.ThrowsAny<ArgumentException>(() => TunLink.Open(new TunLinkOptions { NetworkNamespace = name }));
}
