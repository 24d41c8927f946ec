using SynAck.Interop;

namespace SynAck.Links.Tun;

/// <summary>The reader thread: poll, read batches, post them to the loop.</summary>
public sealed partial class TunLink
{
    private static readonly Action<object?> DeliverBatch = static state =>
    {
        var batch = (TunReceiveBatch)state!;
        batch.Owner.Deliver(batch);
    };

    private readonly FileDescriptorHandle _wake;
    private readonly object _batchGate = new();
    private readonly Stack<TunReceiveBatch> _freeBatches = new();
    private readonly TaskCompletionSource _readerExited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ILinkReceiver? _receiver;
    private volatile bool _stopping;
    private bool _readerWaitsForBatch;
    private bool _readerStarted;
    private long _packetsReceived;
    private long _bytesReceived;
    private long _receiveErrors;
    private Exception? _receiveFault;

    private void StartReader()
    {
        var reader = new Thread(static state => ((TunLink)state!).ReadUntilStopped())
        {
            IsBackground = true,
            Name = $"SynAck tun {Name}",
        };
        lock (_batchGate)
        {
            if (_stopping)
            {
                _readerExited.TrySetResult();
                return;
            }

            _readerStarted = true;
        }

        reader.Start(this);
    }

    private void StopReader()
    {
        lock (_batchGate)
        {
            _stopping = true;
            Monitor.PulseAll(_batchGate);
            if (!_readerStarted)
            {
                _readerExited.TrySetResult();
                return;
            }
        }

        Span<byte> one = stackalloc byte[sizeof(ulong)];
        BitConverter.TryWriteBytes(one, 1UL);
        _ = Libc.Write(_wake, one);
    }

    private void ReadUntilStopped()
    {
        var deviceReferenced = false;
        var wakeReferenced = false;
        try
        {
            _device.DangerousAddRef(ref deviceReferenced);
            _wake.DangerousAddRef(ref wakeReferenced);
            Span<Libc.PollFd> waitOn =
            [
                new Libc.PollFd { Fd = _device.Descriptor, Events = Libc.PollIn },
                new Libc.PollFd { Fd = _wake.Descriptor, Events = Libc.PollIn },
            ];
            var loop = _loop!;
            while (TakeFreeBatch() is { } batch)
            {
                if (!Fill(batch, waitOn))
                {
                    ReturnBatch(batch);
                    break;
                }

                if (!loop.TryPost(DeliverBatch, batch))
                {
                    ReturnBatch(batch);
                    SetFault(new ObjectDisposedException(loop.Name, $"The event loop '{loop.Name}' was disposed before the link '{Name}'."));
                    break;
                }
            }
        }
        catch (Exception exception)
        {
            SetFault(exception);
        }
        finally
        {
            if (wakeReferenced)
            {
                _wake.DangerousRelease();
            }

            if (deviceReferenced)
            {
                _device.DangerousRelease();
            }

            _readerExited.TrySetResult();
        }
    }

    /// <summary>
    /// Reads ready packets into the batch until it is full or the device has no more; waits in
    /// poll(2) only while the batch is empty. False when the link stops or the device fails.
    /// </summary>
    private bool Fill(TunReceiveBatch batch, Span<Libc.PollFd> waitOn)
    {
        while (!_stopping)
        {
            var read = Libc.Read(_device, batch.ReadSpace);
            if (read > 0 && read <= TunReceiveBatch.ReadSize)
            {
                batch.Commit((int)read);
                Interlocked.Increment(ref _packetsReceived);
                Interlocked.Add(ref _bytesReceived, read);
                if (batch.IsFull)
                {
                    return true;
                }

                continue;
            }

            var errno = read < 0 ? Errno.Last : Errno.EMSGSIZE;
            switch (errno)
            {
                case Errno.EAGAIN when batch.Count > 0:
                    return true;
                case Errno.EAGAIN:
                    if (!WaitForPacket(waitOn))
                    {
                        return false;
                    }

                    break;
                case Errno.EINTR:
                    break;
                case Errno.EFAULT or Errno.EMSGSIZE or Errno.EINVAL or Errno.ENOBUFS:
                    // One packet could not be copied out (bigger than a read); it is gone.
                    Interlocked.Increment(ref _receiveErrors);
                    break;
                default:
                    SetFault(Errno.ToException(errno, $"Reading from the TUN device {Name}"));
                    return false;
            }
        }

        return false;
    }

    /// <summary>Waits until the device is readable (true) or the link stops or the device fails (false).</summary>
    private bool WaitForPacket(Span<Libc.PollFd> waitOn)
    {
        while (true)
        {
            waitOn[0].ReturnedEvents = 0;
            waitOn[1].ReturnedEvents = 0;
            if (Libc.Poll(waitOn, (nuint)waitOn.Length, -1) < 0)
            {
                var errno = Errno.Last;
                if (errno == Errno.EINTR)
                {
                    continue;
                }

                SetFault(Errno.ToException(errno, $"Waiting for the TUN device {Name}"));
                return false;
            }

            if (_stopping || waitOn[1].ReturnedEvents != 0)
            {
                return false;
            }

            if ((waitOn[0].ReturnedEvents & (Libc.PollErr | Libc.PollHup | Libc.PollNval)) != 0)
            {
                SetFault(new IOException($"The TUN device {Name} went away (poll events 0x{waitOn[0].ReturnedEvents:x})."));
                return false;
            }

            return true;
        }
    }

    private TunReceiveBatch? TakeFreeBatch()
    {
        lock (_batchGate)
        {
            while (_freeBatches.Count == 0 && !_stopping)
            {
                _readerWaitsForBatch = true;
                Monitor.Wait(_batchGate);
                _readerWaitsForBatch = false;
            }

            return _stopping ? null : _freeBatches.Pop();
        }
    }

    private void ReturnBatch(TunReceiveBatch batch)
    {
        batch.Clear();
        lock (_batchGate)
        {
            _freeBatches.Push(batch);
            if (_readerWaitsForBatch)
            {
                Monitor.Pulse(_batchGate);
            }
        }
    }

    /// <summary>Runs on the loop: hands each packet of the batch to the receiver.</summary>
    private void Deliver(TunReceiveBatch batch)
    {
        try
        {
            var receiver = _receiver!;
            for (var i = 0; i < batch.Count && !_stopping; i++)
            {
                receiver.OnPacketReceived(batch[i]);
            }
        }
        finally
        {
            ReturnBatch(batch);
        }
    }

    private void SetFault(Exception fault)
    {
        if (!_stopping)
        {
            Interlocked.CompareExchange(ref _receiveFault, fault, null);
        }
    }
}
