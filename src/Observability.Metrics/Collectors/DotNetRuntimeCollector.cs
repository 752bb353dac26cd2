namespace Observability.Metrics.Collectors;

/// <summary>
/// .NET runtime metrics under the registry's namespace: GC collections, heap, allocations and pauses,
/// thread pool, lock contention and exceptions.
/// </summary>
internal sealed class DotNetRuntimeCollector
{
    // First-chance exceptions of the whole process, counted once however many registries collect them.
    private static long s_exceptions;
    private static int s_subscribed;

    private readonly Counter[] _collections;
    private readonly Gauge _heapBytes;
    private readonly Counter _allocatedBytes;
    private readonly Counter _pauseSeconds;
    private readonly Gauge _threads;
    private readonly Gauge _queueLength;
    private readonly Counter _completedItems;
    private readonly Counter _lockContentions;
    private readonly Counter _exceptions;

    public DotNetRuntimeCollector(MetricRegistry registry)
    {
        if (Interlocked.Exchange(ref s_subscribed, 1) == 0)
        {
            AppDomain.CurrentDomain.FirstChanceException += (_, _) => Interlocked.Increment(ref s_exceptions);
        }

        var generations = Enumerable.Range(0, GC.MaxGeneration + 1).Select(g => g.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var collections = registry.CreateCounter(
            "dotnet_gc_collections_total",
            "Garbage collections since the process started, by generation.",
            new MetricOptions { LabelNames = ["generation"], KnownLabelSets = generations.Select(g => (IReadOnlyList<string>)[g]) });
        _collections = [.. generations.Select(g => collections.WithLabels(g))];
        _heapBytes = registry.CreateGauge("dotnet_gc_heap_size_bytes", "Bytes currently thought to be allocated on the managed heap.").Unlabelled;
        _allocatedBytes = registry.CreateCounter("dotnet_gc_allocated_bytes_total", "Bytes allocated on the managed heap since the process started.").Unlabelled;
        _pauseSeconds = registry.CreateCounter("dotnet_gc_pause_seconds_total", "Time the runtime was paused for garbage collection.").Unlabelled;
        _threads = registry.CreateGauge("dotnet_threadpool_threads", "Thread pool threads that currently exist.").Unlabelled;
        _queueLength = registry.CreateGauge("dotnet_threadpool_queue_length", "Work items queued to the thread pool and not yet started.").Unlabelled;
        _completedItems = registry.CreateCounter("dotnet_threadpool_completed_items_total", "Work items the thread pool has completed.").Unlabelled;
        _lockContentions = registry.CreateCounter("dotnet_lock_contentions_total", "Times a thread waited on a contended Monitor lock.").Unlabelled;
        _exceptions = registry.CreateCounter("dotnet_exceptions_total", "Exceptions thrown (first chance), handled or not.").Unlabelled;
        Collect();
    }

    public void Collect()
    {
        for (var g = 0; g < _collections.Length; g++)
        {
            _collections[g].IncTo(GC.CollectionCount(g));
        }

        _heapBytes.Set(GC.GetTotalMemory(forceFullCollection: false));
        _allocatedBytes.IncTo(GC.GetTotalAllocatedBytes(precise: false));
        _pauseSeconds.IncTo(GC.GetTotalPauseDuration().TotalSeconds);
        _threads.Set(ThreadPool.ThreadCount);
        _queueLength.Set(ThreadPool.PendingWorkItemCount);
        _completedItems.IncTo(ThreadPool.CompletedWorkItemCount);
        _lockContentions.IncTo(Monitor.LockContentionCount);
        _exceptions.IncTo(Interlocked.Read(ref s_exceptions));
    }
}
