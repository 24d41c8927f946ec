namespace SynAck.Cli.Demo;

/// <summary>How <c>synack demo</c> runs: the scenario, the network and the sizes.</summary>
/// <param name="Scenario">What happens between the client and the server.</param>
/// <param name="Loss">The probability that the network loses a packet, each way (0 to 1).</param>
/// <param name="Seed">The seed of the network's losses and of both stacks' ISNs and ports.</param>
/// <param name="Mss">The MSS both ends announce, or null for what their MTU allows (1460).</param>
/// <param name="RequestBytes">How many bytes the client sends.</param>
/// <param name="ResponseBytes">How many bytes the server answers with.</param>
/// <param name="PcapPath">Where to write the client's capture, or null for none.</param>
internal sealed record DemoSettings(
    DemoScenario Scenario,
    double Loss = 0,
    int Seed = 1,
    int? Mss = null,
    int RequestBytes = DemoSettings.DefaultRequestBytes,
    int ResponseBytes = DemoSettings.DefaultResponseBytes,
    string? PcapPath = null)
{
    /// <summary>The request's default size.</summary>
    public const int DefaultRequestBytes = 100;

    /// <summary>The response's default size.</summary>
    public const int DefaultResponseBytes = 1000;
}
