namespace Observability.Ingestion.Projection;

/// <summary>
/// The opencode metrics contract's 24-hour health summary: tasks completed, success rate and average duration of task
/// outcomes whose event time lies in the last 24 hours, kept in one-minute buckets.
/// </summary>
internal sealed class TaskDailySummary
{
    private const int Minutes = 24 * 60;
    private readonly Bucket[] _buckets = new Bucket[Minutes];
    private readonly Lock _lock = new();


    public void Record(DateTimeOffset at, bool success, double? durationSeconds)
    {
        var minute = at.ToUnixTimeSeconds() / 60;
        lock (_lock)
        {
            ref var bucket = ref _buckets[minute % Minutes];
            if (bucket.Minute != minute)
            {
                // A stale slot from a day ago or more; an older event than the slot holds is outside any window we report.
                if (bucket.Minute > minute)
                {
                    return;
                }

                bucket = new Bucket { Minute = minute };
            }

            bucket.Outcomes++;
            bucket.Successes += success ? 1 : 0;
            if (durationSeconds is { } d)
            {
                bucket.DurationSum += d;
                bucket.Durations++;
            }
        }
    }

    /// <summary>Writes every bucket.</summary>
    public void WriteTo(BinaryWriter writer)
    {
        lock (_lock)
        {
            writer.Write(Minutes);
            foreach (var bucket in _buckets)
            {
                writer.Write(bucket.Minute);
                writer.Write(bucket.Outcomes);
                writer.Write(bucket.Successes);
                writer.Write(bucket.Durations);
                writer.Write(bucket.DurationSum);
            }
        }
    }

    /// <summary>Replaces every bucket with those written by <see cref="WriteTo"/>.</summary>
    public void ReadFrom(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        if (count != Minutes)
        {
            throw new InvalidDataException($"The snapshot's daily summary has {count} buckets, not {Minutes}.");
        }

        lock (_lock)
        {
            for (var i = 0; i < Minutes; i++)
            {
                _buckets[i] = new Bucket
                {
                    Minute = reader.ReadInt64(),
                    Outcomes = reader.ReadInt64(),
                    Successes = reader.ReadInt64(),
                    Durations = reader.ReadInt64(),
                    DurationSum = reader.ReadDouble(),
                };
            }
        }
    }

    public TaskSummary Summarize(DateTimeOffset now)
    {
        var newest = now.ToUnixTimeSeconds() / 60;
        long outcomes = 0, successes = 0, durations = 0;
        double durationSum = 0;
        lock (_lock)
        {
            foreach (var bucket in _buckets)
            {
                if (bucket.Outcomes > 0 && bucket.Minute > newest - Minutes && bucket.Minute <= newest)
                {
                    outcomes += bucket.Outcomes;
                    successes += bucket.Successes;
                    durations += bucket.Durations;
                    durationSum += bucket.DurationSum;
                }
            }
        }

        return new TaskSummary(
            successes,
            outcomes == 0 ? null : (double)successes / outcomes,
            durations == 0 ? null : durationSum / durations,
            outcomes);
    }

    private struct Bucket
    {
        public long Minute;
        public long Outcomes;
        public long Successes;
        public long Durations;
        public double DurationSum;
    }
}
