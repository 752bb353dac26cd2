using Observability.Learning.Patterns;
using Observability.Learning.Playbook;

namespace Observability.Learning.Reflection;

/// <summary>
/// A reflection run over the projection's state at a given "now": the failure and success patterns of the trailing
/// window, and the rules derived from them (<see cref="RuleDeriver"/>). Pure: the caller holds the host's lock and
/// stores the run as a <c>reflection:run</c> event, which the projection folds into its playbook.
/// </summary>
internal static class Reflector
{
    public static ReflectionRun Run(LearningProjection state, DateTimeOffset now, string trigger, string runId, long coveredSequence)
    {
        var options = state.Options;
        var from = (now - options.Window).UtcTicks;
        var to = now.UtcTicks;
        var actions = new RecommendedActions(options.Actions);
        var failures = state.FailureSeries
            .Select(s => FailurePatternOf(s, from, to, actions))
            .OfType<FailurePattern>()
            .OrderByDescending(p => p.OccurrenceCount).ThenBy(p => p.Stage, StringComparer.Ordinal).ThenBy(p => p.FailureType, StringComparer.Ordinal)
            .ToList();
        var successes = state.AttemptSeries
            .Select(s => SuccessPatternOf(s, from, to, options))
            .OfType<SuccessPattern>()
            .OrderByDescending(p => p.Attempts).ThenBy(p => p.AgentType, StringComparer.Ordinal).ThenBy(p => p.TaskType, StringComparer.Ordinal)
            .ToList();
        var rules = RuleDeriver.Derive(failures, successes, options);
        return new ReflectionRun(runId, trigger, now, options.WindowDays, coveredSequence, failures, successes, rules);
    }

    /// <summary>The pattern of <paramref name="series"/> in (<paramref name="from"/>, <paramref name="to"/>]; null when it has no failure there.</summary>
    private static FailurePattern? FailurePatternOf(PatternSeries<FailureRecord> series, long from, long to, RecommendedActions actions)
    {
        int count = 0, resolved = 0;
        long last = 0;
        double resolveSeconds = 0;
        for (var i = 0; i < series.Records.Count; i++)
        {
            var failure = series.Records[i];
            if (failure.AtTicks <= from || failure.AtTicks > to)
            {
                continue;
            }

            count++;
            last = Math.Max(last, failure.AtTicks);
            if (failure.ResolvedAtTicks != 0 && failure.ResolvedAtTicks <= to)
            {
                resolved++;
                resolveSeconds += (failure.ResolvedAtTicks - failure.AtTicks) / (double)TimeSpan.TicksPerSecond;
            }
        }

        return count == 0
            ? null
            : new FailurePattern(
                StableId.Of("p-", 6, "failure", series.First, series.Second), series.First, series.Second, count,
                new DateTimeOffset(last, TimeSpan.Zero), resolved, (double)resolved / count, resolved == 0 ? null : resolveSeconds / resolved,
                actions.For(series.First, series.Second));
    }

    private static SuccessPattern? SuccessPatternOf(PatternSeries<AttemptRecord> series, long from, long to, LearningOptions options)
    {
        int attempts = 0, successes = 0, timed = 0;
        long last = 0;
        double seconds = 0;
        for (var i = 0; i < series.Records.Count; i++)
        {
            var attempt = series.Records[i];
            if (attempt.AtTicks <= from || attempt.AtTicks > to)
            {
                continue;
            }

            attempts++;
            last = Math.Max(last, attempt.AtTicks);
            if (attempt.Success)
            {
                successes++;
                if (!double.IsNaN(attempt.DurationSeconds))
                {
                    timed++;
                    seconds += attempt.DurationSeconds;
                }
            }
        }

        if (attempts == 0)
        {
            return null;
        }

        var rate = (double)successes / attempts;
        return new SuccessPattern(
            StableId.Of("p-", 6, "success", series.First, series.Second), series.First + "_" + series.Second, series.First, series.Second,
            attempts, successes, rate, timed == 0 ? null : seconds / timed, new DateTimeOffset(last, TimeSpan.Zero),
            successes >= options.MinProven && rate >= options.RecommendAtRate);
    }
}
