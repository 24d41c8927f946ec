using System.Diagnostics.Metrics;
using SynAck.Diagnostics;
using SynAck.Tcp;

namespace SynAck.Tests.Stack;

/// <summary>The stack's counters reach System.Diagnostics.Metrics under Linux's TCP MIB names.</summary>
public sealed class MetricsTests
{
    [Fact]
    public void A_connection_and_a_refused_attempt_show_up_in_the_SynAck_meter()
    {
        var bed = new StackTestBed(clientName: "metrics-client", serverName: "metrics-server");
        bed.Run(async () =>
        {
            var (_, client, server) = await bed.EstablishAsync();
            await client.GetStream().WriteAsync(new byte[3000]);
            await server.GetStream().ReadExactlyAsync(new byte[3000]);
            await Assert.ThrowsAsync<TcpException>(() => bed.ConnectAsync(port: 81));
        });

        var client = Collect("metrics-client");
        var server = Collect("metrics-server");
        Assert.Equal(2, client[StackInstruments.ActiveOpens]);
        Assert.Equal(1, client[StackInstruments.AttemptFails]);
        Assert.Equal(1, client[StackInstruments.CurrEstab]);
        Assert.Equal(1, server[StackInstruments.PassiveOpens]);
        Assert.Equal(1, server[StackInstruments.CurrEstab]);
        Assert.Equal(1, server[StackInstruments.OutRsts]);
        Assert.Equal(bed.Trace.SentBy("metrics-client").Count, client[StackInstruments.OutSegs]);
        Assert.Equal(bed.Pair.Link.AToB.GetCounters().Delivered, server[StackInstruments.InSegs]);
        Assert.Equal(0, client[StackInstruments.RetransSegs]);
        Assert.Equal(0, server[StackInstruments.InErrs]);
    }

    [Fact]
    public void Instruments_are_named_after_the_TCP_MIB()
    {
        var names = new List<string>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == StackInstruments.MeterName)
                {
                    names.Add(instrument.Name);
                }
            },
        };
        listener.Start();
        _ = new StackTestBed();

        Assert.Contains("synack.tcp.active_opens", names);
        Assert.Contains("synack.tcp.passive_opens", names);
        Assert.Contains("synack.tcp.attempt_fails", names);
        Assert.Contains("synack.tcp.estab_resets", names);
        Assert.Contains("synack.tcp.curr_estab", names);
        Assert.Contains("synack.tcp.in_segs", names);
        Assert.Contains("synack.tcp.out_segs", names);
        Assert.Contains("synack.tcp.retrans_segs", names);
        Assert.Contains("synack.tcp.in_errs", names);
        Assert.Contains("synack.tcp.out_rsts", names);
    }

    /// <summary>Reads every instrument of the named stack's meter once.</summary>
    private static Dictionary<string, long> Collect(string stack)
    {
        var values = new Dictionary<string, long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, meterListener) =>
            {
                if (instrument.Meter.Name == StackInstruments.MeterName
                    && instrument.Meter.Tags?.Any(t => t.Key == StackInstruments.StackTag && (string?)t.Value == stack) == true)
                {
                    meterListener.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => values[instrument.Name] = value);
        listener.Start();
        listener.RecordObservableInstruments();
        return values;
    }
}
