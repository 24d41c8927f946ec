using SynAck.Tcp;
using SynAck.Tests.Stack;
using SynAck.Wire;
using static SynAck.Tcp.TcpState;

namespace SynAck.Tests.Tcp;

/// <summary>Abort (RST) from either side, and the half-close of CompleteWrites.</summary>
public sealed class ResetAndHalfCloseTests
{
    [Fact]
    public void A_peer_abort_fails_a_pending_read_with_ConnectionReset()
    {
        var bed = new StackTestBed();
        TcpException? readFailure = null;
        TcpException? writeFailure = null;
        bed.Run(async () =>
        {
            var (_, client, server) = await bed.EstablishAsync();
            var pendingRead = client.GetStream().ReadAsync(new byte[16]).AsTask();
            server.GetStream().Abort();
            readFailure = await Assert.ThrowsAsync<TcpException>(() => pendingRead);
            writeFailure = await Assert.ThrowsAsync<TcpException>(() => client.GetStream().WriteAsync(new byte[1]).AsTask());
        });

        Assert.Equal(TcpError.ConnectionReset, readFailure!.Error);
        Assert.Equal(TcpError.ConnectionReset, writeFailure!.Error);
        Assert.Contains(bed.Trace.SentBy("server"), s => s.Has(TcpFlags.Rst));
        Assert.Equal([Closed, SynSent, Established, Closed], bed.Trace.States("client"));
        Assert.Equal(1, bed.Client.GetStatistics().TcpEstabResets);
        Assert.Equal(0, bed.Client.GetStatistics().TcpCurrEstab);
    }

    [Fact]
    public void The_aborting_side_fails_its_own_operations_with_ConnectionAborted()
    {
        var bed = new StackTestBed();
        TcpException? failure = null;
        bed.Run(async () =>
        {
            var (_, client, _) = await bed.EstablishAsync();
            var pendingRead = client.GetStream().ReadAsync(new byte[16]).AsTask();
            client.Abort();
            failure = await Assert.ThrowsAsync<TcpException>(() => pendingRead);
        });

        Assert.Equal(TcpError.ConnectionAborted, failure!.Error);
    }

    [Fact]
    public void CompleteWrites_sends_FIN_and_the_other_direction_keeps_flowing()
    {
        var bed = new StackTestBed();
        var serverSawEnd = -1;
        var reply = new byte[5];
        var replyLength = 0;
        var clientSawEnd = -1;
        InvalidOperationException? writeAfterCompletion = null;
        bed.Run(async () =>
        {
            var (_, client, server) = await bed.EstablishAsync();
            var clientStream = client.GetStream();
            var serverStream = server.GetStream();
            await clientStream.WriteAsync("ping"u8.ToArray());
            clientStream.CompleteWrites();
            var request = new byte[16];
            var got = await serverStream.ReadAsync(request);
            serverSawEnd = await serverStream.ReadAsync(request.AsMemory(got));
            await bed.DelayAsync(TimeSpan.FromMilliseconds(20));
            Assert.Equal(CloseWait, server.State);
            Assert.Equal(FinWait2, client.State);

            // Half-closed: the server still sends, the client still reads.
            await serverStream.WriteAsync("pong!"u8.ToArray());
            replyLength = await clientStream.ReadAsync(reply);
            writeAfterCompletion = await Assert.ThrowsAsync<InvalidOperationException>(() => clientStream.WriteAsync(new byte[1]).AsTask());
            serverStream.CompleteWrites();
            clientSawEnd = await clientStream.ReadAsync(reply.AsMemory(replyLength));
            await bed.DelayAsync(TimeSpan.FromMilliseconds(20));
        });

        Assert.Equal(0, serverSawEnd);
        Assert.Equal("pong!", System.Text.Encoding.ASCII.GetString(reply, 0, replyLength));
        Assert.Equal(0, clientSawEnd);
        Assert.NotNull(writeAfterCompletion);
        Assert.Equal([Closed, SynSent, Established, FinWait1, FinWait2, TimeWait], bed.Trace.States("client"));
        Assert.Equal([Closed, Listen, SynReceived, Established, CloseWait, LastAck, Closed], bed.Trace.States("server"));
    }
}
