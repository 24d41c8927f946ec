using SynAck.Diagnostics;

namespace SynAck.Cli.Diagram;

/// <summary>What <c>synack diagram</c> was asked to draw.</summary>
/// <param name="Path">The capture file.</param>
/// <param name="Format"><c>text</c>, <c>json</c> or <c>mermaid</c>.</param>
/// <param name="Connection">The one connection to draw (from 1), or null for all.</param>
/// <param name="RoleNames">Whether endpoints are named <c>client</c> and <c>server</c> instead of by address.</param>
/// <param name="Options">How to render.</param>
internal sealed record DiagramRequest(string Path, string Format, int? Connection, bool RoleNames, DiagramOptions Options);
