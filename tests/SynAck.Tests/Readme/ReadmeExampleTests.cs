using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using SynAck.Stack;
using SynAck.Tcp;

namespace SynAck.Tests.Readme;

/// <summary>The README's C# example is this test's code, so it compiles and runs as the README shows it.</summary>
public sealed class ReadmeExampleTests
{
    private const string Begin = "// README example begins";
    private const string End = "// README example ends";

    [Fact]
    public async Task The_readme_example_talks_through_two_stacks_and_closes()
    {
        // README example begins
        await using var pair = InMemoryStackPair.CreateRealTime(); // "client" 192.0.2.1, "server" 192.0.2.2
        var endPoint = new IPEndPoint(InMemoryStackPair.ServerAddress, 80);
        await using var listener = await TcpConnectionListener.ListenAsync(new() { Stack = pair.Server, ListenEndPoint = endPoint });
        var accept = listener.AcceptConnectionAsync();
        await using var client = await TcpConnection.ConnectAsync(new() { Stack = pair.Client, RemoteEndPoint = endPoint });
        await using var server = await accept;

        var clientStream = client.GetStream();
        await clientStream.WriteAsync("hello"u8.ToArray());
        clientStream.CompleteWrites();                           // FIN: the client is done sending
        var request = await new StreamReader(server.GetStream()).ReadToEndAsync(); // "hello", then the FIN
        await server.GetStream().WriteAsync(Encoding.ASCII.GetBytes($"you said {request}"));
        await server.CloseAsync();                               // the server's FIN
        var reply = await new StreamReader(clientStream).ReadToEndAsync();         // "you said hello"
        // README example ends

        Assert.Equal("hello", request);
        Assert.Equal("you said hello", reply);
    }

    [Fact]
    public void The_readme_shows_the_example_as_written_here()
    {
        var lines = File.ReadAllLines(ThisFile());
        var begin = Array.FindIndex(lines, line => line.Trim() == Begin);
        var end = Array.FindIndex(lines, line => line.Trim() == End);
        var indent = lines[begin].Length - lines[begin].TrimStart().Length;
        var example = lines[(begin + 1)..end].Select(line => line.Length >= indent ? line[indent..] : line.TrimStart());

        var readme = File.ReadAllText(Path.Combine(Path.GetDirectoryName(ThisFile())!, "..", "..", "..", "README.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.Contains("```csharp\n" + string.Join('\n', example) + "\n```", readme, StringComparison.Ordinal);
    }

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
