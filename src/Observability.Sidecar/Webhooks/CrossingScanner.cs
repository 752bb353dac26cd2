using Observability.Analytics.Windows;

namespace Observability.Sidecar.Webhooks;

/// <summary>
/// Reads the stored crossings in log order from a sequence on, resuming where the previous call stopped, as the
/// webhook messages they are sent as.
/// </summary>
/// <remarks>Not thread-safe: one scanner per reader.</remarks>
internal sealed class CrossingScanner(ICrossingSource source, long fromSequence)
{
    /// <summary>The first sequence not read yet.</summary>
    public long NextSequence { get; private set; } = fromSequence;

    /// <summary>Reads up to <paramref name="untilSequence"/>, at most <paramref name="maxCrossings"/> crossings, handing each over.</summary>
    /// <returns>How many sequences it moved past.</returns>
    public long Scan(long untilSequence, int maxCrossings, Action<PendingCrossing> onCrossing)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCrossings, 1);
        if (untilSequence <= NextSequence)
        {
            return 0;
        }

        var crossings = source.Read(NextSequence, untilSequence, maxCrossings);
        foreach (var crossing in crossings)
        {
            onCrossing(new PendingCrossing(crossing.Sequence, crossing.Id, WebhookSignature.MessageId(crossing.Id), CrossingBody.Write(crossing)));
        }

        var before = NextSequence;
        NextSequence = crossings.Count == maxCrossings ? crossings[^1].Sequence + 1 : untilSequence;
        return NextSequence - before;
    }
}
