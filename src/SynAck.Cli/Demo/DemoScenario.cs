namespace SynAck.Cli.Demo;

/// <summary>What <c>synack demo</c> plays out between the client and the server.</summary>
internal enum DemoScenario
{
    /// <summary>The seed: handshake, a request and its answer, the client closes, then the server.</summary>
    Normal,

    /// <summary>Both ends send a SYN at the same instant (RFC 9293 §3.5 Figure 8), then as normal.</summary>
    SimultaneousOpen,

    /// <summary>As normal, but both ends close at the same instant (RFC 9293 §3.6 Figure 13).</summary>
    SimultaneousClose,

    /// <summary>The client sends its request and its FIN at once; the server keeps sending in CLOSE_WAIT.</summary>
    HalfClose,

    /// <summary>The client's SYN reaches a port nobody listens on and is refused with a RST.</summary>
    Refused,

    /// <summary>The server aborts the connection after reading the request: a RST instead of an answer.</summary>
    Reset,

    /// <summary>As normal, but the network loses the first SYN+ACK, so the server retransmits it.</summary>
    Lossy,
}

/// <summary>The scenarios' names on the command line.</summary>
internal static class DemoScenarios
{
    /// <summary>Every scenario with its name, in the order the help lists them.</summary>
    public static IReadOnlyList<(string Name, DemoScenario Scenario)> All { get; } =
    [
        ("normal", DemoScenario.Normal),
        ("simultaneous-open", DemoScenario.SimultaneousOpen),
        ("simultaneous-close", DemoScenario.SimultaneousClose),
        ("half-close", DemoScenario.HalfClose),
        ("refused", DemoScenario.Refused),
        ("reset", DemoScenario.Reset),
        ("lossy", DemoScenario.Lossy),
    ];

    /// <summary>The scenario a name stands for.</summary>
    /// <exception cref="ArgumentException">No scenario has that name.</exception>
    public static DemoScenario Parse(string name)
    {
        foreach (var (known, scenario) in All)
        {
            if (known == name)
            {
                return scenario;
            }
        }

        throw new ArgumentException($"No demo scenario is named '{name}'.", nameof(name));
    }

    /// <summary>A scenario's name.</summary>
    public static string NameOf(DemoScenario scenario)
    {
        foreach (var (name, known) in All)
        {
            if (known == scenario)
            {
                return name;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(scenario), scenario, "Not a demo scenario.");
    }
}
