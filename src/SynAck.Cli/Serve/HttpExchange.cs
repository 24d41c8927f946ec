namespace SynAck.Cli.Serve;

/// <summary>One answered request, for the serve log.</summary>
/// <param name="Method">The request method, or "-" when the head did not parse.</param>
/// <param name="Path">The request path, or "-".</param>
/// <param name="Status">The response status code.</param>
/// <param name="BodyLength">The length of the response body (sent or, for HEAD, announced).</param>
internal sealed record HttpExchange(string Method, string Path, int Status, long BodyLength);
