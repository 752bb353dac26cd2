using System.Text.Json;

namespace Observability.Events;

/// <summary>
/// The documented maximum of every number the sidecar sums (docs/events.md, "Numbers and their bounds"), one
/// definition for the catalogue, the WS-METRICS contract records and every reader of the log. Each is generous for one event and
/// small enough that no sum of them overflows: a <c>long</c> of tokens holds nine billion events at the maximum, a
/// <c>double</c> of dollars or seconds holds more than any log.
/// </summary>
internal static class NumberLimits
{
    /// <summary>Most US dollars one event may report (an LLM call, a task, a whole run).</summary>
    public const double MaxCostUsd = 1_000_000;

    /// <summary>Most tokens one event may report, input or output.</summary>
    public const long MaxTokens = 1_000_000_000;

    /// <summary>Longest duration one event may report: 3,650 days.</summary>
    public const double MaxDurationSeconds = 315_360_000;

    /// <summary>Most of anything counted in one event: tests, findings, lines, files, LLM calls, rework cycles.</summary>
    public const long MaxCount = 1_000_000_000;

    /// <summary>Most attempts a work item may take to merge.</summary>
    public const long MaxAttempts = 1_000;

    /// <summary>
    /// The maximum of the metadata field <paramref name="name"/> (<c>costUsd</c>, <c>durationSeconds</c>…), or
    /// <see cref="double.MaxValue"/> for a field without one. Readers of the log use it to leave out a value a log written
    /// before the bounds may hold, as if it were absent.
    /// </summary>
    public static double MaxOf(string name) => name switch
    {
        "costUsd" => MaxCostUsd,
        "durationSeconds" or "turnaroundSeconds" => MaxDurationSeconds,
        "attempts" => MaxAttempts,
        "count" or "passed" or "failed" or "skipped" or "flaky" or "linesGenerated" or "linesAccepted" or "prSizeLines"
            or "reworkCycles" or "llmCalls" or "testsWritten" or "testsPassing" or "testsFailing" or "testsSkipped"
            or "sequence" or "filesModified" or "n" or "window" or "minimumSamplePerArm" or "targetCount" or "issueNumber" => MaxCount,
        _ => double.MaxValue,
    };

    /// <summary>
    /// Whether <paramref name="element"/> is a whole number in [<paramref name="min"/>, <paramref name="max"/>], whatever
    /// its JSON spelling: <c>100</c>, <c>1e2</c> and <c>100.0</c> are all 100 (JSON has one number type).
    /// </summary>
    public static bool TryWhole(JsonElement element, long min, long max, out long value)
    {
        if (element.ValueKind != JsonValueKind.Number)
        {
            value = 0;
            return false;
        }

        if (element.TryGetInt64(out value))
        {
            return value >= min && value <= max;
        }

        value = 0;
        return element.TryGetDouble(out var number) && TryWhole(number, min, max, out value);
    }

    /// <summary>Whether <paramref name="number"/> is whole and in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static bool TryWhole(double number, long min, long max, out long value)
    {
        value = 0;
        if (!double.IsFinite(number) || number != Math.Floor(number) || number < min || number > max)
        {
            return false;
        }

        value = (long)number;
        return true;
    }
}
