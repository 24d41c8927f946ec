using SynAck.Drill.Syntax;

namespace SynAck.Drill.Tests.Syntax;

/// <summary>Parsing helpers that fail the test with the parser's own message.</summary>
internal static class Parse
{
    public static DrillScript Script(string text)
    {
        Assert.True(ScriptParser.TryParse(text, "test.pkt", out var script, out var error), error?.ToString());
        return script;
    }

    public static ScriptEvent Event(string line) => Assert.IsAssignableFrom<ScriptEvent>(Assert.Single(Script(line).Statements));

    public static TcpPacketSpec Packet(string line) => Assert.IsType<PacketEvent>(Event(line)).Packet;

    public static SyscallEvent Syscall(string line) => Assert.IsType<SyscallEvent>(Event(line));

    public static ScriptError Error(string text)
    {
        Assert.False(ScriptParser.TryParse(text, "bad.pkt", out _, out var error), "the script parsed but should not have");
        return error;
    }
}
