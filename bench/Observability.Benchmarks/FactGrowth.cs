using System.Diagnostics;
using Observability.Analytics.Pipeline;

namespace Observability.Benchmarks;

/// <summary>
/// The pipeline facts grown to N, in chunks (<see cref="FactList"/>) beside the one array doubled by copying that held
/// them before, in the same run: the time per fact and the longest single add (the projection thread, and the writers
/// waiting on its backlog, stop that long).
/// </summary>
internal static class FactGrowth
{
    public static int Run(int facts)
    {
        for (var round = 1; round <= 2; round++)
        {
            var list = new FactList();
            Measure($"round {round} FactList (chunks)", facts, fact => list.Add(fact));
            var array = new PipelineFact[1024];
            var count = 0;
            Measure($"round {round} one array, doubled", facts, fact =>
            {
                if (count == array.Length)
                {
                    Array.Resize(ref array, array.Length * 2);
                }

                array[count++] = fact;
            });
        }

        return 0;
    }

    private static void Measure(string name, int facts, Action<PipelineFact> add)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var watch = Stopwatch.StartNew();
        var worst = TimeSpan.Zero;
        var last = TimeSpan.Zero;
        for (var i = 0; i < facts; i++)
        {
            add(new PipelineFact(i, FactKind.TaskStarted, i, -1, -1, -1, -1, double.NaN, i, 0));
            var now = watch.Elapsed;
            worst = now - last > worst ? now - last : worst;
            last = now;
        }

        Console.WriteLine($"{name}: {facts:N0} facts, {watch.Elapsed.TotalNanoseconds / facts:F1} ns per add, longest add {worst.TotalMilliseconds:F1} ms");
    }
}
