using System.Net;
using SynAck.Wire.Tcp;

namespace SynAck.Tcp.Tests.Harness;

/// <summary>
/// Two control blocks on a virtual wire with a virtual clock (quinn's <c>Pair</c>): the client
/// 192.0.2.1:40000 (ISS <see cref="ClientIss"/>) and the server 192.0.2.2:80 (ISS <see cref="ServerIss"/>).
/// Each segment is delivered after <see cref="OneWayDelay"/>; loss, duplication and reordering are
/// programmable (<see cref="Lose"/>) or random from a seed. Every segment put on the wire is logged
/// in order, lost ones included, and every event with the endpoint that raised it.
/// </summary>
internal sealed class Pair : IDisposable
{
    public const uint ClientIss = 1000;
    public const uint ServerIss = 5000;

    private static readonly IPAddress ClientAddress = IPAddress.Parse("192.0.2.1");
    private static readonly IPAddress ServerAddress = IPAddress.Parse("192.0.2.2");

    private readonly List<InFlight> _inFlight = [];
    private readonly Stack<byte[]> _freePayloads = new();
    private readonly byte[] _segmentBuffer = new byte[65536];
    private readonly Random _random;
    private long _order;

    public Pair(TcpSettings? clientSettings = null, TcpSettings? serverSettings = null, int seed = 1, bool serverListens = true)
    {
        _random = new Random(seed);
        Client = new TcpControlBlock(new(ClientAddress, 40000, ServerAddress, 80), clientSettings ?? TcpSettings.Default, new FixedSequenceNumbers(ClientIss));
        Server = new TcpControlBlock(new(ServerAddress, 80, ClientAddress, 40000), serverSettings ?? TcpSettings.Default, new FixedSequenceNumbers(ServerIss));
        ServerListens = serverListens;
    }

    public TcpControlBlock Client { get; }

    public TcpControlBlock Server { get; }

    /// <summary>Whether the server end exists; when false its host answers like a closed port (RFC 9293 §3.10.7.1).</summary>
    public bool ServerListens { get; }

    public TimeSpan Now { get; private set; } = TimeSpan.FromSeconds(1);

    public TimeSpan OneWayDelay { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Decides, per segment put on the wire, whether the network loses it.</summary>
    public Func<WireSegment, bool>? Lose { get; set; }

    public double LossRate { get; set; }

    public double DuplicationRate { get; set; }

    public double ReorderRate { get; set; }

    /// <summary>The extra delay of a reordered segment.</summary>
    public TimeSpan ReorderDelay { get; set; } = TimeSpan.FromMilliseconds(25);

    /// <summary>Runs after every step of the network (deliveries and timers), before output is collected: the applications.</summary>
    public Action? Applications { get; set; }

    /// <summary>Whether segments and events are recorded (off for the allocation test).</summary>
    public bool Record { get; set; } = true;

    public List<WireSegment> Wire { get; } = [];

    public List<(string Endpoint, TcpEvent Event)> Events { get; } = [];

    /// <summary>The states one end entered, in order.</summary>
    public List<TcpState> StatesOf(string endpoint)
        => [.. Events.Where(e => e.Endpoint == endpoint && e.Event.Kind == TcpEventKind.StateChanged).Select(e => e.Event.To)];

    /// <summary>The server listens (if it exists) and the client opens actively.</summary>
    public void Open()
    {
        if (ServerListens)
        {
            Server.OpenPassive(Now);
        }

        Client.OpenActive(Now);
        Flush();
    }

    /// <summary>Both ends open actively at the same moment (RFC 9293 §3.5 Figure 8).</summary>
    public void OpenSimultaneously()
    {
        Client.OpenActive(Now);
        Server.OpenActive(Now);
        Flush();
    }

    /// <summary>Opens and runs until both ends are ESTABLISHED; asserts they got there.</summary>
    public void Establish()
    {
        Open();
        Assert.True(RunUntil(() => Client.State == TcpState.Established && Server.State == TcpState.Established, TimeSpan.FromSeconds(5)));
    }

    /// <summary>Runs the network until <paramref name="condition"/> holds (checked after each step) or <paramref name="limit"/> of virtual time passes.</summary>
    public bool RunUntil(Func<bool> condition, TimeSpan limit)
    {
        var end = Now + limit;
        Applications?.Invoke();
        Flush();
        while (!condition())
        {
            if (!Step(end))
            {
                return condition();
            }
        }

        return true;
    }

    /// <summary>Runs the network for <paramref name="duration"/> of virtual time.</summary>
    public void RunFor(TimeSpan duration)
    {
        var end = Now + duration;
        Applications?.Invoke();
        Flush();
        while (Step(end))
        {
        }
    }

    /// <summary>Takes every pending segment and event from both ends and puts the segments on the wire.</summary>
    public void Flush()
    {
        FlushEndpoint(Client, "client", toServer: true);
        if (ServerListens)
        {
            FlushEndpoint(Server, "server", toServer: false);
        }
    }

    private void FlushEndpoint(TcpControlBlock tcb, string name, bool toServer)
    {
        while (tcb.TryGetSegment(Now, _segmentBuffer, out var header, out var length))
        {
            Transmit(name, toServer, header, _segmentBuffer.AsSpan(0, length));
        }

        while (tcb.TryGetEvent(out var e))
        {
            if (Record)
            {
                Events.Add((name, e));
            }
        }
    }

    private void Transmit(string from, bool toServer, in TcpHeader header, ReadOnlySpan<byte> payload)
    {
        var segment = Record || Lose is not null ? new WireSegment(Wire.Count, Now, from, header, payload.Length, Payload: payload.ToArray()) : null;
        var lost = (segment is not null && Lose?.Invoke(segment) == true) || (LossRate > 0 && _random.NextDouble() < LossRate);
        if (Record && segment is not null)
        {
            Wire.Add(segment with { Lost = lost });
        }

        if (lost)
        {
            return;
        }

        var delay = OneWayDelay;
        if (ReorderRate > 0 && _random.NextDouble() < ReorderRate)
        {
            delay += ReorderDelay;
        }

        Enqueue(toServer, header, payload, Now + delay);
        if (DuplicationRate > 0 && _random.NextDouble() < DuplicationRate)
        {
            Enqueue(toServer, header, payload, Now + delay + TimeSpan.FromMilliseconds(1));
        }
    }

    private void Enqueue(bool toServer, in TcpHeader header, ReadOnlySpan<byte> payload, TimeSpan deliverAt)
    {
        var buffer = _freePayloads.Count > 0 ? _freePayloads.Pop() : new byte[65536];
        payload.CopyTo(buffer);
        _inFlight.Add(new InFlight(deliverAt, _order++, toServer, header, buffer, payload.Length));
    }

    /// <summary>Advances to the next delivery or timer (not past <paramref name="end"/>) and runs it.</summary>
    private bool Step(TimeSpan end)
    {
        var next = TimeSpan.MaxValue;
        foreach (var item in _inFlight)
        {
            next = item.DeliverAt < next ? item.DeliverAt : next;
        }

        next = Min(next, Client.NextDeadline);
        if (ServerListens)
        {
            next = Min(next, Server.NextDeadline);
        }

        if (next > end)
        {
            Now = end > Now ? end : Now;
            return false;
        }

        Now = next > Now ? next : Now;
        while (TryTakeDue(out var item))
        {
            Deliver(item);
            _freePayloads.Push(item.Payload);
        }

        if (Client.NextDeadline <= Now)
        {
            Client.OnTimer(Now);
        }

        if (ServerListens && Server.NextDeadline <= Now)
        {
            Server.OnTimer(Now);
        }

        Applications?.Invoke();
        Flush();
        return true;
    }

    private bool TryTakeDue(out InFlight due)
    {
        var index = -1;
        for (var i = 0; i < _inFlight.Count; i++)
        {
            var item = _inFlight[i];
            if (item.DeliverAt <= Now && (index < 0 || item.DeliverAt < _inFlight[index].DeliverAt
                || (item.DeliverAt == _inFlight[index].DeliverAt && item.Order < _inFlight[index].Order)))
            {
                index = i;
            }
        }

        if (index < 0)
        {
            due = default;
            return false;
        }

        due = _inFlight[index];
        _inFlight.RemoveAt(index);
        return true;
    }

    private void Deliver(in InFlight item)
    {
        var payload = item.Payload.AsSpan(0, item.Length);
        if (!item.ToServer)
        {
            Client.OnSegment(item.Header, payload, Now);
        }
        else if (ServerListens)
        {
            Server.OnSegment(item.Header, payload, Now);
        }
        else if (TcpControlBlock.TryCreateResetForUnknownSegment(item.Header, item.Length, out var reset))
        {
            Transmit("server", toServer: false, reset, []);
        }

        Flush();
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
    }

    private readonly record struct InFlight(TimeSpan DeliverAt, long Order, bool ToServer, TcpHeader Header, byte[] Payload, int Length);
}

/// <summary>One segment put on the virtual wire.</summary>
internal sealed record WireSegment(int Index, TimeSpan Time, string From, TcpHeader Header, int PayloadLength, bool Lost = false, byte[]? Payload = null)
{
    public string FlagText => Sent.Describe(Header.Flags);

    public override string ToString() => $"{Time.TotalMilliseconds,8:0.###} ms {From,-6} {FlagText,-3} seq={Header.SequenceNumber} ack={Header.AcknowledgmentNumber} win={Header.Window} len={PayloadLength}{(Lost ? " LOST" : string.Empty)}";
}
