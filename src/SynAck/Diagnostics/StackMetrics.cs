using System.Diagnostics.Metrics;
using SynAck.Stack;

namespace SynAck.Diagnostics;

/// <summary>
/// Publishes a stack's counters as observable instruments on its own meter (see
/// <see cref="StackInstruments"/>). Reading happens on the collector's thread.
/// </summary>
internal sealed class StackMetrics : IDisposable
{
    private readonly Meter _meter;

    public StackMetrics(string stackName, StackCounters counters, IMeterFactory? meterFactory)
    {
        var options = new MeterOptions(StackInstruments.MeterName)
        {
            Tags = [new KeyValuePair<string, object?>(StackInstruments.StackTag, stackName)],
        };
        _meter = meterFactory?.Create(options) ?? new Meter(options);
        Counter(StackInstruments.ActiveOpens, () => StackCounters.Read(ref counters.TcpActiveOpens), "{connection}", "Connections that went from CLOSED to SYN-SENT.");
        Counter(StackInstruments.PassiveOpens, () => StackCounters.Read(ref counters.TcpPassiveOpens), "{connection}", "Connections that went from LISTEN to SYN-RECEIVED.");
        Counter(StackInstruments.AttemptFails, () => StackCounters.Read(ref counters.TcpAttemptFails), "{connection}", "Opens that failed.");
        Counter(StackInstruments.EstabResets, () => StackCounters.Read(ref counters.TcpEstabResets), "{connection}", "Connections that went from ESTABLISHED or CLOSE-WAIT straight to CLOSED.");
        _meter.CreateObservableUpDownCounter(StackInstruments.CurrEstab, () => StackCounters.Read(ref counters.TcpCurrEstab), "{connection}", "Connections in ESTABLISHED or CLOSE-WAIT.");
        Counter(StackInstruments.InSegs, () => StackCounters.Read(ref counters.TcpInSegs), "{segment}", "TCP segments received.");
        Counter(StackInstruments.OutSegs, () => StackCounters.Read(ref counters.TcpOutSegs), "{segment}", "TCP segments sent, retransmissions included.");
        Counter(StackInstruments.RetransSegs, () => StackCounters.Read(ref counters.TcpRetransSegs), "{segment}", "TCP segments retransmitted.");
        Counter(StackInstruments.InErrs, () => StackCounters.Read(ref counters.TcpInErrs), "{segment}", "TCP segments received in error.");
        Counter(StackInstruments.InCsumErrors, () => StackCounters.Read(ref counters.TcpInCsumErrors), "{segment}", "TCP segments received with a bad checksum.");
        Counter(StackInstruments.OutRsts, () => StackCounters.Read(ref counters.TcpOutRsts), "{segment}", "TCP segments sent with RST.");
        Counter(StackInstruments.ListenOverflows, () => StackCounters.Read(ref counters.TcpListenOverflows), "{segment}", "Handshake segments dropped on a full accept queue.");
        Counter(StackInstruments.ListenDrops, () => StackCounters.Read(ref counters.TcpListenDrops), "{segment}", "SYNs dropped by a listener.");
        Counter(StackInstruments.IpInReceives, () => StackCounters.Read(ref counters.IpInReceives), "{packet}", "IP packets received.");
        Counter(StackInstruments.IpInHdrErrors, () => StackCounters.Read(ref counters.IpInHdrErrors), "{packet}", "IP packets dropped for a bad header.");
        Counter(StackInstruments.IpInAddrErrors, () => StackCounters.Read(ref counters.IpInAddrErrors), "{packet}", "IP packets not addressed to this stack.");
        Counter(StackInstruments.IpInUnknownProtos, () => StackCounters.Read(ref counters.IpInUnknownProtos), "{packet}", "IP packets of an unknown protocol.");
        Counter(StackInstruments.IpOutRequests, () => StackCounters.Read(ref counters.IpOutRequests), "{packet}", "IP packets sent.");
        Counter(StackInstruments.IpReasmFails, () => StackCounters.Read(ref counters.IpReasmFails), "{packet}", "IP fragments dropped.");
    }

    public void Dispose() => _meter.Dispose();

    private void Counter(string name, Func<long> observe, string unit, string description)
        => _meter.CreateObservableCounter(name, observe, unit, description);
}
