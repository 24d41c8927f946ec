using SynAck.Tcp;

namespace SynAck.Drill.Runner;

// The run's settings (profile, then sysctls) and a socket's options become SynAck connection options.
internal sealed partial class ScriptSession
{
    private TcpConnectionOptions ConnectionOptions(ScriptSocket socket)
    {
        var defaults = TcpConnectionOptions.Default;
        var settings = _settings;
        return new TcpConnectionOptions
        {
            ReceiveBufferSize = socket.ReceiveBufferSize ?? settings.ReceiveBufferSize ?? defaults.ReceiveBufferSize,
            SendBufferSize = socket.SendBufferSize ?? settings.SendBufferSize ?? defaults.SendBufferSize,
            InitialRetransmissionTimeout = settings.InitialRetransmissionTimeout ?? defaults.InitialRetransmissionTimeout,
            DelayedAckTimeout = settings.DelayedAckTimeout ?? defaults.DelayedAckTimeout,
            WindowScaling = settings.WindowScaling ?? defaults.WindowScaling,
            Timestamps = settings.Timestamps ?? defaults.Timestamps,
            Sack = settings.SelectiveAcknowledgments ?? defaults.Sack,
            NoOptions = socket.NoOptions,
            OptionLayout = settings.SynOptionLayout ?? defaults.OptionLayout,
            Ecn = settings.Ecn ?? defaults.Ecn,
            MaximumReceiveBufferSize = settings.MaximumReceiveBufferSize,
            RoundReceiveBufferToWholeSegments = settings.RoundReceiveBufferToMss,
            ProcessAckOfOldSegments = settings.ProcessAckOfOldSegments,
            Rfc5961 = settings.Rfc5961RstProcessing ?? defaults.Rfc5961,
            Rfc5961Syn = settings.Rfc5961SynProcessing,
            NoDelay = socket.NoDelay,
            DropSynFin = settings.DropSynFin ?? defaults.DropSynFin,
            ConnectTimeout = socket.ConnectTimeout ?? settings.ConnectTimeout ?? defaults.ConnectTimeout,
        };
    }
}
