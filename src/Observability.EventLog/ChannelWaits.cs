using System.Threading.Channels;

namespace Observability.EventLog;

/// <summary>
/// Waiting on a channel from a thread of its own (the log's writer, the projection host's loop) without spinning first.
/// </summary>
/// <remarks>
/// A task waited on synchronously spins and yields the processor some thirty times before it blocks; on a busy machine
/// with few cores those yields are the CPU of the threads the waiter is waiting for: 0.7 to 1.3 % of the sidecar's CPU
/// under OTLP load on two cores. An event with no spin count blocks at once.
/// </remarks>
internal static class ChannelWaits
{
    [ThreadStatic]
    private static ManualResetEventSlim? t_signal;

    [ThreadStatic]
    private static Action? t_set;

    /// <summary>Blocks until the reader has an item to read (true) or will have none again (false).</summary>
    /// <remarks>A channel completed with an error throws that error.</remarks>
    public static bool WaitToRead<T>(ChannelReader<T> reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Wait(reader.WaitToReadAsync());
    }

    private static bool Wait(ValueTask<bool> waiting)
    {
        if (!waiting.IsCompleted)
        {
            var signal = t_signal ??= new ManualResetEventSlim(initialState: false, spinCount: 0);
            signal.Reset();
            waiting.GetAwaiter().UnsafeOnCompleted(t_set ??= signal.Set);
            signal.Wait();
        }

        return waiting.GetAwaiter().GetResult();
    }
}
