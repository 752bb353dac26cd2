using System.Text.Json.Serialization;

namespace Observability.Experiments.Goals;

/// <summary><c>GET /api/v1/goals/{name}</c>: progress, throughput, forecast and status of one goal.</summary>
public sealed record GoalAnswer(
    string Name,
    string Status,
    string DeclaredBy,
    string Units,
    int? TargetCount,
    IReadOnlyDictionary<string, string>? Filter,
    int Done,
    int Total,
    double Percent,
    Throughput Throughput,
    Forecast Forecast,
    DateTimeOffset? Due,
    DateTimeOffset? LastProgressAt,
    int OpenCount,
    IReadOnlyList<string> OpenUnits,
    GoalMetricProgress? Metric = null);

/// <summary>
/// A metric goal's rate over its backlog: <paramref name="Value"/> = <paramref name="Succeeded"/> / <paramref name="Finished"/>
/// (null before any unit finished), its Wilson 95 % interval, and whether it has reached <paramref name="AtLeast"/> on
/// at least <paramref name="MinimumUnits"/> finished units.
/// </summary>
public sealed record GoalMetricProgress(
    string Name,
    double AtLeast,
    int MinimumUnits,
    int Finished,
    int Succeeded,
    double? Value,
    double? Lower,
    double? Upper,
    bool Reached);

/// <summary>Units done in the last 7 and 28 days, and per day over each.</summary>
public sealed record Throughput(
    [property: JsonPropertyName("last_7_days")] int Last7Days,
    [property: JsonPropertyName("last_28_days")] int Last28Days,
    [property: JsonPropertyName("per_day_7_days")] double PerDay7,
    [property: JsonPropertyName("per_day_28_days")] double PerDay28);

/// <summary>When the goal is forecast to be done, by the named method; null when there is no throughput to extrapolate.</summary>
public sealed record Forecast(string Method, DateTimeOffset? Date);
