using System.Diagnostics;
using Observability.Ingestion;

namespace Observability.Benchmarks;

/// <summary>
/// The duplicate index's durable ids grown to N keys, beside the dictionary that held them before
/// (<c>Dictionary&lt;UInt128, object?&gt;</c>) in the same run: the time per key, the longest single add (a table
/// growing under the index's lock stops every writer that long), the lookups of present keys, and the managed memory held.
/// </summary>
internal static class IdIndexGrowth
{
    public static int Run(int keys)
    {
        var random = new Random(42);
        var data = new UInt128[keys];
        for (var i = 0; i < keys; i++)
        {
            data[i] = new UInt128((ulong)random.NextInt64(), (ulong)random.NextInt64());
        }

        for (var round = 1; round <= 2; round++)
        {
            Measure($"round {round} StoredIdSet", () => new StoredIdSet(), (set, key) => set.Add(key), (set, key) => set.Contains(key), data);
            Measure($"round {round} Dictionary<UInt128, object?>", () => new Dictionary<UInt128, object?>(), (set, key) => set.TryAdd(key, null), (set, key) => set.ContainsKey(key), data);
        }

        return 0;
    }

    private static void Measure<T>(string name, Func<T> create, Func<T, UInt128, bool> add, Func<T, UInt128, bool> contains, UInt128[] data)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var set = create();
        var watch = Stopwatch.StartNew();
        var worst = TimeSpan.Zero;
        var last = TimeSpan.Zero;
        foreach (var key in data)
        {
            add(set, key);
            var now = watch.Elapsed;
            worst = now - last > worst ? now - last : worst;
            last = now;
        }

        var added = watch.Elapsed;
        watch.Restart();
        var found = 0;
        foreach (var key in data)
        {
            found += contains(set, key) ? 1 : 0;
        }

        var looked = watch.Elapsed;
        var held = GC.GetTotalMemory(forceFullCollection: true) - before;
        if (found != data.Length)
        {
            throw new InvalidOperationException($"{name} found {found} of {data.Length} keys");
        }

        Console.WriteLine(
            $"{name}: {data.Length:N0} keys, add {added.TotalNanoseconds / data.Length:F0} ns/key, longest add {worst.TotalMilliseconds:F0} ms, " +
            $"lookup {looked.TotalNanoseconds / data.Length:F0} ns/key, {held / (double)data.Length:F1} bytes/key held");
        GC.KeepAlive(set);
    }
}
