using System.Net;
using SynAck.InMemory;
using SynAck.Stack;
using SynAck.Tcp;
using SynAck.Tests.Stack;

namespace SynAck.Tests.Tcp;

/// <summary>API misuse gets ArgumentException, InvalidOperationException or ObjectDisposedException (DESIGN.md rule 5).</summary>
public sealed class MisuseTests
{
    [Fact]
    public void Connect_options_without_a_stack_or_a_usable_remote_endpoint_are_rejected()
    {
        var bed = new StackTestBed();
        Assert.Throws<ArgumentNullException>(() => TcpConnection.ConnectAsync(null!));
        Assert.Throws<ArgumentException>(() => TcpConnection.ConnectAsync(new TcpClientConnectionOptions { Stack = null!, RemoteEndPoint = StackTestBed.ServerEndPoint }));
        Assert.Throws<ArgumentException>(() => TcpConnection.ConnectAsync(new TcpClientConnectionOptions { Stack = bed.Client, RemoteEndPoint = null! }));
        Assert.Throws<ArgumentException>(() => TcpConnection.ConnectAsync(new TcpClientConnectionOptions { Stack = bed.Client, RemoteEndPoint = new IPEndPoint(InMemoryStackPair.ServerAddress, 0) }));
        Assert.Throws<ArgumentException>(() => TcpConnection.ConnectAsync(new TcpClientConnectionOptions { Stack = bed.Client, RemoteEndPoint = new IPEndPoint(IPAddress.Any, 80) }));
        Assert.Throws<ArgumentException>(() => TcpConnection.ConnectAsync(new TcpClientConnectionOptions
        {
            Stack = bed.Client,
            RemoteEndPoint = StackTestBed.ServerEndPoint,
            LocalEndPoint = new IPEndPoint(InMemoryStackPair.ClientAddressV6, 0),
        }));
        Assert.Throws<ArgumentException>(() => TcpConnection.ConnectAsync(new TcpClientConnectionOptions
        {
            Stack = bed.Client,
            RemoteEndPoint = StackTestBed.ServerEndPoint,
            ConnectionOptions = new TcpConnectionOptions { DelayedAckTimeout = TimeSpan.FromSeconds(1) },
        }));
    }

    [Fact]
    public void Listen_options_are_checked_and_a_taken_or_foreign_endpoint_is_refused()
    {
        var bed = new StackTestBed();
        Assert.Throws<ArgumentException>(() => TcpConnectionListener.ListenAsync(new TcpListenerOptions { Stack = bed.Server, ListenEndPoint = StackTestBed.ServerEndPoint, ListenBacklog = 0 }));
        Assert.Throws<ArgumentException>(() => TcpConnectionListener.ListenAsync(new TcpListenerOptions { Stack = bed.Server, ListenEndPoint = null! }));
        TcpException? taken = null, wildcardOverlap = null, foreign = null;
        bed.Run(async () =>
        {
            await bed.ListenAsync();
            taken = await Assert.ThrowsAsync<TcpException>(() => bed.ListenAsync());
            wildcardOverlap = await Assert.ThrowsAsync<TcpException>(() => TcpConnectionListener.ListenAsync(new TcpListenerOptions
            {
                Stack = bed.Server,
                ListenEndPoint = new IPEndPoint(IPAddress.Any, StackTestBed.Port),
            }).AsTask());
            foreign = await Assert.ThrowsAsync<TcpException>(() => TcpConnectionListener.ListenAsync(new TcpListenerOptions
            {
                Stack = bed.Server,
                ListenEndPoint = new IPEndPoint(IPAddress.Parse("192.0.2.99"), 80),
            }).AsTask());
        });

        Assert.Equal(TcpError.AddressInUse, taken!.Error);
        Assert.Equal(TcpError.AddressInUse, wildcardOverlap!.Error);
        Assert.Equal(TcpError.AddressNotAvailable, foreign!.Error);
    }

    [Fact]
    public void A_second_read_or_write_while_one_is_in_flight_is_rejected()
    {
        var bed = new StackTestBed(connectionOptions: new TcpConnectionOptions { SendBufferSize = 4096 });
        bed.Run(async () =>
        {
            var (_, client, _) = await bed.EstablishAsync();
            var stream = client.GetStream();
            var firstRead = stream.ReadAsync(new byte[8]);
            Assert.Throws<InvalidOperationException>(() => stream.ReadAsync(new byte[8]));

            // The peer does not read, so a write larger than both buffers and the window stays pending.
            var firstWrite = stream.WriteAsync(new byte[1 << 20]);
            Assert.Throws<InvalidOperationException>(() => stream.WriteAsync(new byte[8]));
            client.Abort();
            await Assert.ThrowsAsync<TcpException>(() => firstRead.AsTask());
            await Assert.ThrowsAsync<TcpException>(() => firstWrite.AsTask());
        });
    }

    [Fact]
    public void Blocking_reads_and_writes_inside_a_simulation_throw_instead_of_hanging()
    {
        var bed = new StackTestBed();
        bed.Run(async () =>
        {
            var (_, client, _) = await bed.EstablishAsync();
            var stream = client.GetStream();
            Assert.Throws<InvalidOperationException>(() => stream.Read(new byte[4], 0, 4));
            Assert.Throws<InvalidOperationException>(() => stream.Write(new byte[4], 0, 4));
            Assert.Throws<NotSupportedException>(() => stream.Length);
            Assert.Throws<NotSupportedException>(() => stream.Seek(0, SeekOrigin.Begin));
        });
    }

    [Fact]
    public void A_stack_rejects_an_interface_without_addresses_or_with_an_address_it_has()
    {
        var bed = new StackTestBed();
        var network = new InMemoryNetwork(bed.Simulation);
        var link = network.Connect("x", "y");
        Assert.Throws<ArgumentException>(() => bed.Client.AddInterface(link.A, new NetworkInterfaceOptions()));
        Assert.Throws<ArgumentException>(() => bed.Client.AddInterface(link.A, new NetworkInterfaceOptions { Addresses = [new InterfaceAddress(InMemoryStackPair.ClientAddress, 24)] }));
        Assert.Throws<ArgumentException>(() => new InterfaceAddress(IPAddress.Any, 0));
        Assert.Throws<FormatException>(() => InterfaceAddress.Parse("192.0.2.1/33"));
    }
}
