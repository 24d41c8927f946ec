using System.Globalization;
using System.Net;
using SynAck.Drill.Configuration;
using SynAck.Drill.Matching;
using SynAck.Drill.Syntax;
using SynAck.Runtime;
using SynAck.Stack;

namespace SynAck.Drill.Runner;

/// <summary>
/// One run of one script: a fresh <see cref="NetworkStack"/> on a <see cref="Simulation"/>, a
/// link whose far end is the script, and the script's events played in order in virtual time.
/// The session steps the simulation from outside; system calls run on a loop of their own inside
/// it, so their continuations stay in virtual time.
/// </summary>
internal sealed partial class ScriptSession
{
    private readonly DrillScript _script;
    private readonly ScriptConfiguration _configuration;
    private readonly DrillRunOptions _options;
    private readonly Simulation _simulation;
    private readonly NetworkStack _stack;
    private readonly ScriptLink _link;
    private readonly EventLoop _calls;
    private readonly ConnectionNumbering _numbering = new();
    private readonly TimestampNumbering _timestamps = new();
    private readonly List<string> _notes = [];
    private readonly HashSet<string> _noted = new(StringComparer.Ordinal);
    private DrillSettings _settings;
    private TimeSpan _previous;
    private PendingCall? _pending;

    public ScriptSession(DrillScript script, ScriptConfiguration configuration, DrillRunOptions options)
    {
        _script = script;
        _configuration = configuration;
        _options = options;
        _settings = DrillSettings.For(options.Profile);
        _simulation = new Simulation(new SimulationOptions { Seed = options.Seed, TimeLimit = options.TimeLimit });
        _link = new ScriptLink(_simulation.Time);
        _stack = new NetworkStack(new NetworkStackOptions { Name = "synack", Simulation = _simulation, Seed = options.Seed });
        var prefix = configuration.LocalAddress.IsIPv6 ? 64 : 24;
        _stack.AddInterface(_link, new NetworkInterfaceOptions
        {
            Name = "script",
            Addresses = [new InterfaceAddress(configuration.LocalAddress.ToIPAddress(), prefix)],
            DefaultRouteIPv4 = !configuration.LocalAddress.IsIPv6,
            DefaultRouteIPv6 = configuration.LocalAddress.IsIPv6,
        });
        _calls = _simulation.CreateLoop("script");
        LocalAddress = configuration.LocalAddress.ToIPAddress();
        RemoteAddress = configuration.RemoteAddress.ToIPAddress();
    }

    private IPAddress LocalAddress { get; }

    private IPAddress RemoteAddress { get; }

    private TimeSpan Now => _simulation.Time.Elapsed;

    public DrillResult Run()
    {
        try
        {
            foreach (var scriptEvent in _script.Flatten(_settings.DefinedSymbols))
            {
                Play(scriptEvent);
            }

            FinishPendingCall(TimeSpan.MaxValue);
            return Result(passed: true);
        }
        catch (DrillFailure failure)
        {
            return Result(passed: false) with
            {
                Line = failure.Location?.Line,
                Message = failure.Message,
                Expected = failure.Expected,
                Actual = failure.Actual,
            };
        }
        catch (SimulationException exception)
        {
            return Result(passed: false) with { Message = "the simulation stopped: " + exception.Message };
        }
    }

    private DrillResult Result(bool passed) => new()
    {
        Script = _script.FilePath,
        Passed = passed,
        Notes = _notes,
        ScriptTime = Now,
    };

    private void Play(ScriptEvent scriptEvent)
    {
        if (_pending is { Task.IsCompleted: true })
        {
            FinishPendingCall(Now);
        }

        switch (scriptEvent)
        {
            case PacketEvent { Packet.Direction: PacketDirection.Outbound } outbound:
                ExpectOutbound(outbound);
                break;
            case PacketEvent inbound:
                AdvanceTo(Due(inbound), inbound.Location);
                SendInbound(inbound);
                break;
            case SyscallEvent call:
                AdvanceTo(Due(call), call.Location);
                Call(call);
                break;
            case CommandEvent command:
                AdvanceTo(Due(command), command.Location);
                RunCommand(command);
                break;
            case CodeEvent code:
                AdvanceTo(Due(code), code.Location);
                Note($"line {code.Location.Line}: code block skipped");
                break;
            default:
                throw new DrillFailure(scriptEvent.Location, $"unsupported event {scriptEvent.GetType().Name}");
        }
    }

    private TimeSpan Due(ScriptEvent scriptEvent) =>
        scriptEvent.Time.Kind == EventTimeKind.None ? _previous : EventTiming.Due(scriptEvent.Time, _previous);

    private TimeSpan Tolerance(TimeSpan due) =>
        EventTiming.Tolerance(_configuration.Tolerance, _configuration.TolerancePercent, due - _previous);

    /// <summary>
    /// Runs the stack until <paramref name="due"/>; a packet it sends before then is one the
    /// script did not expect. The clock ends at <paramref name="due"/> (or stays, if that is past).
    /// </summary>
    private void AdvanceTo(TimeSpan due, SourceLocation location)
    {
        Settle();
        ThrowIfUnexpectedPacket(location);
        while (Now < due)
        {
            var completedCall = _simulation.RunUntil(() => _link.SentCount > 0 || _pending?.Task.IsCompleted == true, due - Now);
            if (_pending is { Task.IsCompleted: true })
            {
                FinishPendingCall(Now);
            }

            ThrowIfUnexpectedPacket(location);
            if (!completedCall)
            {
                break;
            }
        }

        _previous = due > _previous ? due : _previous;
    }

    /// <summary>Runs what is due at this instant without moving the clock.</summary>
    private void Settle() => _simulation.RunFor(TimeSpan.Zero);

    private void ThrowIfUnexpectedPacket(SourceLocation location)
    {
        if (_link.TryPeekSent(out var sent))
        {
            var shown = Describe(sent);
            throw new DrillFailure(
                location,
                string.Create(CultureInfo.InvariantCulture, $"unexpected outbound packet at {EventTime.Seconds(sent.Time)} (before the event on this line)"),
                expected: "no packet",
                actual: shown);
        }
    }

    private void Note(string note)
    {
        if (_noted.Add(note))
        {
            _notes.Add(note);
        }
    }

    private sealed record PendingCall(SyscallEvent Call, Task<SyscallReturn> Task, TimeWindow Window)
    {
        public TimeSpan? ReturnedAt { get; set; }
    }
}
