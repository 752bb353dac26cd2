namespace Observability.Analytics.Pipeline;

/// <summary>
/// Every task's <c>task:started</c> timestamps, sorted, in one array (compressed rows: task i's starts are
/// <c>_ticks[_offsets[i].._offsets[i + 1]]</c>), so a run finds its latest start by binary search without a
/// dictionary or a list per task.
/// </summary>
internal sealed class StartIndex
{
    private readonly int[] _offsets;
    private readonly long[] _ticks;

    private StartIndex(int[] offsets, long[] ticks)
    {
        _offsets = offsets;
        _ticks = ticks;
    }

    /// <summary>The starts stamped at or before <paramref name="upperTicks"/>.</summary>
    public static StartIndex Build(PipelineFacts facts, long upperTicks)
    {
        var offsets = new int[facts.Tasks.Count + 1];
        foreach (var f in facts.Facts)
        {
            if (f.Kind == FactKind.TaskStarted && f.Ticks <= upperTicks)
            {
                offsets[f.Entity + 1]++;
            }
        }

        for (var i = 1; i < offsets.Length; i++)
        {
            offsets[i] += offsets[i - 1];
        }

        var ticks = new long[offsets[^1]];
        var fill = offsets[..^1];
        foreach (var f in facts.Facts)
        {
            if (f.Kind == FactKind.TaskStarted && f.Ticks <= upperTicks)
            {
                ticks[fill[f.Entity]++] = f.Ticks;
            }
        }

        for (var i = 0; i + 1 < offsets.Length; i++)
        {
            if (offsets[i + 1] - offsets[i] > 1)
            {
                Array.Sort(ticks, offsets[i], offsets[i + 1] - offsets[i]);
            }
        }

        return new StartIndex(offsets, ticks);
    }

    /// <summary>Seconds from the task's latest start at or before <paramref name="ticks"/>; NaN when it has none.</summary>
    public double SecondsSinceLatestStart(int task, long ticks)
    {
        var (from, to) = (_offsets[task], _offsets[task + 1]);
        var i = Array.BinarySearch(_ticks, from, to - from, ticks);
        // Not found: ~i is the first later start, so the one before it is the latest earlier one.
        var latest = i >= 0 ? i : ~i - 1;
        return latest >= from ? (ticks - _ticks[latest]) / (double)TimeSpan.TicksPerSecond : double.NaN;
    }
}
