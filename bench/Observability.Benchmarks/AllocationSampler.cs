using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Observability.Benchmarks;

/// <summary>
/// The runtime's allocation samples (GCAllocationTick, about one per 100 KB allocated) summed by type, in process: which
/// types a stage allocates, without an external trace tool. The figures are sampled, so they are shares, not counts.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> _bytes = new();

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || e.Payload is null)
        {
            return;
        }

        var type = e.PayloadNames!.IndexOf("TypeName") is var t and >= 0 ? e.Payload[t] as string ?? "?" : "?";
        var amount = e.PayloadNames.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(e.Payload[a]) : 0;
        _bytes.AddOrUpdate(type, amount, (_, sum) => sum + amount);
    }

    /// <summary>The sampled types, largest first, each as its share of the sampled bytes.</summary>
    public void Print(int top)
    {
        var total = (double)Math.Max(1, _bytes.Values.Sum());
        foreach (var (type, bytes) in _bytes.OrderByDescending(p => p.Value).Take(top))
        {
            Console.WriteLine($"  {100 * bytes / total,5:F1}%  {type}");
        }
    }
}
