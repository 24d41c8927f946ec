using SynAck.Cli.Payload;
using SynAck.Cli.Serve;

namespace SynAck.Cli.Tests.Serve;

public sealed class HttpResponderTests : IDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);
    private readonly string _root = Directory.CreateTempSubdirectory("synack-serve-").FullName;
    private readonly List<HttpExchange> _log = [];

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Get_n_answers_n_pattern_bytes_and_an_http11_connection_stays_open_for_the_next_request()
    {
        var (client, serving) = Start(root: null);
        var responses = new HttpResponseReader(client);

        await client.SendAsync("GET /100000 HTTP/1.1\r\nHost: 192.0.2.2\r\n\r\n");
        var first = await responses.ReadAsync();
        await client.SendAsync("GET /7?ignored=query HTTP/1.1\r\nHost: 192.0.2.2\r\n\r\n");
        var second = await responses.ReadAsync();
        client.CompleteWrites();

        Assert.Equal(2, await serving.WaitAsync(HangGuard));
        Assert.Equal((200, 100_000L, false), (first!.Status, first.ContentLength, first.Closes));
        Assert.Equal(Pattern(100_000), first.Body);
        Assert.Equal("application/octet-stream", first.Headers["content-type"]);
        Assert.Equal(200, second!.Status);
        Assert.Equal(Pattern(7), second.Body);
        Assert.Equal([new HttpExchange("GET", "/100000", 200, 100_000), new HttpExchange("GET", "/7", 200, 7)], _log);
    }

    [Fact]
    public async Task Connection_close_ends_the_connection_after_the_response()
    {
        var (client, serving) = Start(root: null);
        var responses = new HttpResponseReader(client);

        await client.SendAsync("GET /3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        Assert.Equal(1, await serving.WaitAsync(HangGuard));
        var response = await responses.ReadAsync();
        Assert.True(response!.Closes);
        Assert.True(await responses.AtEndAsync());
    }

    [Theory]
    [InlineData("", 1)]
    [InlineData("Connection: keep-alive\r\n", 2)]
    public async Task Http10_keeps_the_connection_only_when_asked(string header, int answered)
    {
        var (client, serving) = Start(root: null);

        await client.SendAsync($"GET /1 HTTP/1.0\r\n{header}\r\nGET /2 HTTP/1.0\r\n\r\n");

        Assert.Equal(answered, await serving.WaitAsync(HangGuard));
    }

    [Fact]
    public async Task Pipelined_requests_are_answered_in_order_and_head_sends_no_body()
    {
        var (client, serving) = Start(root: null);
        var responses = new HttpResponseReader(client);

        await client.SendAsync("\r\nHEAD /50 HTTP/1.1\r\n\r\nGET /4 HTTP/1.1\r\n\r\nGET /5 HTTP/1.1\r\nConnection: close\r\n\r\n");

        Assert.Equal(3, await serving.WaitAsync(HangGuard));
        var head = await responses.ReadAsync(toHead: true);
        var four = await responses.ReadAsync();
        var five = await responses.ReadAsync();
        Assert.Equal((200, 50L), (head!.Status, head.ContentLength));
        Assert.Equal(Pattern(4), four!.Body);
        Assert.Equal(Pattern(5), five!.Body);
        Assert.True(await responses.AtEndAsync());
    }

    [Fact]
    public async Task A_file_under_the_root_is_served_and_a_folder_gives_its_index()
    {
        File.WriteAllText(Path.Combine(_root, "hello.txt"), "hello, kernel\n");
        Directory.CreateDirectory(Path.Combine(_root, "site"));
        File.WriteAllText(Path.Combine(_root, "site", "index.html"), "<p>hi</p>");
        var (client, serving) = Start(_root);
        var responses = new HttpResponseReader(client);

        await client.SendAsync("GET /hello.txt HTTP/1.1\r\n\r\nGET /site/ HTTP/1.1\r\n\r\nGET /missing HTTP/1.1\r\nConnection: close\r\n\r\n");

        Assert.Equal(3, await serving.WaitAsync(HangGuard));
        var hello = await responses.ReadAsync();
        var index = await responses.ReadAsync();
        var missing = await responses.ReadAsync();
        Assert.Equal((200, "hello, kernel\n", "text/plain; charset=utf-8"), (hello!.Status, System.Text.Encoding.ASCII.GetString(hello.Body), hello.Headers["content-type"]));
        Assert.Equal((200, "<p>hi</p>"), (index!.Status, System.Text.Encoding.ASCII.GetString(index.Body)));
        Assert.Equal(404, missing!.Status);
    }

    [Theory]
    [InlineData("/../secret.txt")]
    [InlineData("/%2e%2e/secret.txt")]
    [InlineData("/sub/../../secret.txt")]
    [InlineData("/..%2fsecret.txt")]
    public async Task A_path_that_climbs_out_of_the_root_is_not_found(string path)
    {
        var inside = Path.Combine(_root, "inside");
        Directory.CreateDirectory(Path.Combine(inside, "sub"));
        File.WriteAllText(Path.Combine(_root, "secret.txt"), "outside the served folder");
        var (client, serving) = Start(inside);
        var responses = new HttpResponseReader(client);

        await client.SendAsync($"GET {path} HTTP/1.1\r\nConnection: close\r\n\r\n");

        await serving.WaitAsync(HangGuard);
        Assert.Equal(404, (await responses.ReadAsync())!.Status);
    }

    [Fact]
    public async Task Without_a_root_a_name_that_is_not_a_number_is_not_found()
    {
        var (client, serving) = Start(root: null);
        var responses = new HttpResponseReader(client);

        await client.SendAsync("GET /index.html HTTP/1.1\r\nConnection: close\r\n\r\n");

        await serving.WaitAsync(HangGuard);
        Assert.Equal(404, (await responses.ReadAsync())!.Status);
    }

    [Fact]
    public async Task Another_method_is_refused_with_allow_and_its_body_is_skipped_so_the_connection_goes_on()
    {
        var (client, serving) = Start(root: null);
        var responses = new HttpResponseReader(client);

        await client.SendAsync("POST /upload HTTP/1.1\r\nContent-Length: 11\r\n\r\nhello worldGET /2 HTTP/1.1\r\nConnection: close\r\n\r\n");

        Assert.Equal(2, await serving.WaitAsync(HangGuard));
        var refused = await responses.ReadAsync();
        var next = await responses.ReadAsync();
        Assert.Equal((405, "GET, HEAD"), (refused!.Status, refused.Headers["allow"]));
        Assert.Equal(200, next!.Status);
        Assert.Equal(Pattern(2), next.Body);
    }

    [Theory]
    [InlineData("GARBAGE\r\n\r\n", 400)]
    [InlineData("GET /1 HTTP/1.1\r\nBad header\r\n\r\n", 400)]
    [InlineData("GET /1 HTTP/1.1\r\nHost : x\r\n\r\n", 400)]
    [InlineData("GET /1 HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400)]
    [InlineData("GET http://192.0.2.2/1 HTTP/1.1\r\n\r\n", 400)]
    [InlineData("GET /1 HTTP/2.0\r\n\r\n", 505)]
    [InlineData("POST /1 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 501)]
    public async Task A_request_that_cannot_be_served_gets_an_error_and_the_connection_closes(string request, int status)
    {
        var (client, serving) = Start(root: null);
        var responses = new HttpResponseReader(client);

        await client.SendAsync(request + "GET /1 HTTP/1.1\r\n\r\n");

        Assert.Equal(1, await serving.WaitAsync(HangGuard));
        var response = await responses.ReadAsync();
        Assert.Equal((status, true), (response!.Status, response.Closes));
        Assert.True(await responses.AtEndAsync());
    }

    [Fact]
    public async Task A_head_longer_than_8_KiB_gets_431()
    {
        var (client, serving) = Start(root: null);
        var responses = new HttpResponseReader(client);

        await client.SendAsync("GET /1 HTTP/1.1\r\nX-Long: " + new string('a', HttpResponder.MaxHeadLength) + "\r\n\r\n");

        Assert.Equal(1, await serving.WaitAsync(HangGuard));
        Assert.Equal(431, (await responses.ReadAsync())!.Status);
    }

    [Fact]
    public async Task A_client_that_closes_in_the_middle_of_a_head_gets_nothing()
    {
        var (client, serving) = Start(root: null);
        var responses = new HttpResponseReader(client);

        await client.SendAsync("GET /1 HTTP/1.1\r\nHo");
        client.CompleteWrites();

        Assert.Equal(0, await serving.WaitAsync(HangGuard));
        Assert.True(await responses.AtEndAsync());
    }

    private static byte[] Pattern(int length)
    {
        var bytes = new byte[length];
        PayloadPattern.Fill(0, bytes);
        return bytes;
    }

    private (MemoryConnectionEnd Client, Task<int> Serving) Start(string? root)
    {
        var (client, server) = MemoryConnection.Create();
        var responder = new HttpResponder(root);
        var serving = Task.Run(async () =>
        {
            try
            {
                return await responder.ServeAsync(server, _log.Add, CancellationToken.None);
            }
            finally
            {
                server.CompleteWrites();
            }
        });
        return (client, serving);
    }
}
