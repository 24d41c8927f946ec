using System.Net;
using SynAck.Stack;
using SynAck.Tcp;
using static SynAck.Tcp.TcpState;

namespace SynAck.Tests.Stack;

/// <summary>TIME-WAIT keeps the 4-tuple busy for 2*MSL; a new SYN may reopen it (RFC 9293 MAY-2).</summary>
public sealed class TimeWaitTests
{
    private const int ClientPort = 45000;

    [Fact]
    public void The_4_tuple_stays_busy_in_TIME_WAIT_and_frees_after_2_MSL()
    {
        var bed = new StackTestBed(connectionOptions: new TcpConnectionOptions { MaximumSegmentLifetime = TimeSpan.FromSeconds(5) });
        TcpException? busy = null;
        TcpState reused = Closed;
        bed.Run(async () =>
        {
            var listener = await bed.ListenAsync();
            var client = await ConnectFromAsync(bed);
            var server = await listener.AcceptConnectionAsync();
            await CloseBothAsync(client, server);
            Assert.Equal(TimeWait, client.State);

            busy = await Assert.ThrowsAsync<TcpException>(() => ConnectFromAsync(bed));
            await bed.DelayAsync(TimeSpan.FromSeconds(11));
            Assert.Equal(Closed, client.State);
            reused = (await ConnectFromAsync(bed)).State;
        });

        Assert.Equal(TcpError.AddressInUse, busy!.Error);
        Assert.Equal(Established, reused);
    }

    [Fact]
    public void A_new_SYN_reopens_a_4_tuple_the_server_holds_in_TIME_WAIT()
    {
        var bed = new StackTestBed();
        var servers = new List<TcpConnection>();
        bed.Run(async () =>
        {
            var listener = await bed.ListenAsync();
            var client = await ConnectFromAsync(bed);
            var server = await listener.AcceptConnectionAsync();

            // The server closes first, so it is the server that lingers in TIME-WAIT.
            await CloseBothAsync(server, client);
            Assert.Equal(TimeWait, server.State);
            Assert.Equal(Closed, client.State);

            // The client reuses its port at once; the server still holds the old incarnation in TIME-WAIT.
            var again = await ConnectFromAsync(bed);
            var reopened = await listener.AcceptConnectionAsync();
            servers.Add(server);
            servers.Add(reopened);
            Assert.Equal(again.LocalEndPoint, reopened.RemoteEndPoint);
        });

        Assert.Equal(Closed, servers[0].State);
        Assert.Equal(Established, servers[1].State);
    }

    private static Task<TcpConnection> ConnectFromAsync(StackTestBed bed) => TcpConnection.ConnectAsync(new TcpClientConnectionOptions
    {
        Stack = bed.Client,
        RemoteEndPoint = StackTestBed.ServerEndPoint,
        LocalEndPoint = new IPEndPoint(InMemoryStackPair.ClientAddress, ClientPort),
    }).AsTask();

    /// <summary>The first closes, the second reads the end and closes: the first ends in TIME-WAIT.</summary>
    private static async Task CloseBothAsync(TcpConnection first, TcpConnection second)
    {
        await first.CloseAsync();
        Assert.Equal(0, await second.GetStream().ReadAsync(new byte[1]));
        await second.CloseAsync();
        Assert.Equal(0, await first.GetStream().ReadAsync(new byte[1]));
    }
}
