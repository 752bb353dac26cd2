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
    IReadOnlyList<string> OpenUnits);

/// <summary>Units done in the last 7 and 28 days, and per day over each.</summary>
public sealed record Throughput(
    [property: JsonPropertyName("last_7_days")] int Last7Days,
    [property: JsonPropertyName("last_28_days")] int Last28Days,
    [property: JsonPropertyName("per_day_7_days")] double PerDay7,
    [property: JsonPropertyName("per_day_28_days")] double PerDay28);

/// <summary>When the goal is forecast to be done, by the named method; null when there is no throughput to extrapolate.</summary>
public sealed record Forecast(string Method, DateTimeOffset? Date);
