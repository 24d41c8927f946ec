using CsCheck;
using SynAck.Tcp.Tests.Harness;

namespace SynAck.Tcp.Tests.ControlBlock.Scenarios;

/// <summary>Reliable delivery (RFC 9293 §3.8) as a property of two control blocks on a faulty wire.</summary>
public class LossyTransferPropertyTests
{
    private sealed record Case(int ClientBytes, int ServerBytes, double Loss, double Duplication, double Reordering, int Seed, int ReceiveBuffer, int Mtu, bool NoDelay, bool DelayedAcks, bool WindowScaling, bool Rfc5961)
    {
        public override string ToString() => $"{ClientBytes}B/{ServerBytes}B loss={Loss:0.###} dup={Duplication:0.###} reorder={Reordering:0.###} seed={Seed} rcvbuf={ReceiveBuffer} mtu={Mtu} nodelay={NoDelay} delack={DelayedAcks} wscale={WindowScaling} rfc5961={Rfc5961}";

        public TcpSettings Settings => new()
        {
            ReceiveBufferSize = ReceiveBuffer,
            Mtu = Mtu,
            NoDelay = NoDelay,
            DelayedAcknowledgments = DelayedAcks,
            WindowScaling = WindowScaling,
            Rfc5961 = Rfc5961,
        };
    }

    private static readonly Gen<Case> Cases =
        from clientBytes in Gen.Int[0, 120_000]
        from serverBytes in Gen.Int[0, 60_000]
        from loss in Gen.Double[0, 0.15]
        from duplication in Gen.Double[0, 0.15]
        from reordering in Gen.Double[0, 0.3]
        from seed in Gen.Int
        from receiveBuffer in Gen.OneOf(4_000, 20_000, 128 * 1024)
        from mtu in Gen.OneOf(576, 1500, 9000)
        from flags in Gen.Int[0, 15]
        select new Case(clientBytes, serverBytes, loss, duplication, reordering, seed, receiveBuffer, mtu, (flags & 1) != 0, (flags & 2) == 0, (flags & 4) == 0, (flags & 8) == 0);

    [Fact]
    public void Random_loss_duplication_and_reordering_still_deliver_every_byte_once_in_order_and_both_ends_reach_closed()
        => Property.ForAll(Cases, iterations: 200, Run);

    private static void Run(Case c)
    {
        var settings = c.Settings;
        using var pair = new Pair(settings, settings, seed: c.Seed)
        {
            LossRate = c.Loss,
            DuplicationRate = c.Duplication,
            ReorderRate = c.Reordering,
            Record = false,
        };
        var random = new Random(c.Seed);
        var clientData = new byte[c.ClientBytes];
        var serverData = new byte[c.ServerBytes];
        random.NextBytes(clientData);
        random.NextBytes(serverData);
        var client = new Transfer(pair.Client, clientData, serverData.Length);
        var server = new Transfer(pair.Server, serverData, clientData.Length);
        pair.Applications = () =>
        {
            client.Step(pair.Now);
            server.Step(pair.Now);
        };

        pair.Open();
        var closed = pair.RunUntil(() => pair.Client.State == TcpState.Closed && pair.Server.State == TcpState.Closed, TimeSpan.FromHours(6));
        pair.Applications();

        Assert.True(closed, $"not closed: client {pair.Client.State}, server {pair.Server.State}");
        Assert.Equal((TcpError.None, TcpError.None), (pair.Client.Error, pair.Server.Error));
        Assert.Equal((clientData.Length, serverData.Length), (server.Received, client.Received));
        Assert.Equal((0, 0), (server.Excess, client.Excess));
        Assert.True(clientData.AsSpan().SequenceEqual(server.Incoming), "server received other bytes than the client sent");
        Assert.True(serverData.AsSpan().SequenceEqual(client.Incoming), "client received other bytes than the server sent");
        Assert.True(client.SawEndOfStream && server.SawEndOfStream);
    }
}
