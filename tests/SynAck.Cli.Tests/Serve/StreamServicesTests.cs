using SynAck.Cli.Payload;
using SynAck.Cli.Serve;

namespace SynAck.Cli.Tests.Serve;

public class StreamServicesTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Echo_sends_back_every_byte_until_the_peer_closes()
    {
        var (client, server) = MemoryConnection.Create();
        var echoing = Task.Run(async () =>
        {
            var echoed = await StreamServices.EchoAsync(server, CancellationToken.None);
            server.CompleteWrites();
            return echoed;
        });
        var sent = new byte[300_000];
        PayloadPattern.Fill(0, sent);

        for (var offset = 0; offset < sent.Length; offset += 40_000)
        {
            await client.WriteAsync(sent.AsMemory(offset, Math.Min(40_000, sent.Length - offset)));
        }

        client.CompleteWrites();
        var received = new MemoryStream();
        await client.CopyToAsync(received);

        Assert.Equal(sent.Length, await echoing.WaitAsync(HangGuard));
        Assert.Equal(sent, received.ToArray());
    }

    [Fact]
    public async Task Discard_reads_everything_and_sends_nothing()
    {
        var (client, server) = MemoryConnection.Create();
        var discarding = Task.Run(async () =>
        {
            var read = await StreamServices.DiscardAsync(server, CancellationToken.None);
            server.CompleteWrites();
            return read;
        });

        await client.WriteAsync(new byte[123_456]);
        client.CompleteWrites();

        Assert.Equal(123_456, await discarding.WaitAsync(HangGuard));
        Assert.Equal(0, await client.ReadAsync(new byte[1]));
    }
}
