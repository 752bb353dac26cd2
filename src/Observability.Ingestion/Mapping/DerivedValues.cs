using System.Globalization;

namespace Observability.Ingestion.Mapping;

/// <summary>The derived values of one event (see <see cref="DerivedField"/>).</summary>
internal readonly record struct DerivedValues(
    double? DurationSeconds, bool? Success, bool? FirstPass, double? TokensTotal, string AgentType, double? DetectionSeconds, bool? RebaseConflict,
    bool? FirstMerge = null, double? UsageDelta = null, bool? UsageReset = null)
{
    public double? Number(DerivedField field) => field switch
    {
        DerivedField.DurationSeconds => DurationSeconds,
        DerivedField.TokensTotal => TokensTotal,
        DerivedField.DetectionSeconds => DetectionSeconds,
        DerivedField.Success => Success is { } s ? (s ? 1 : 0) : null,
        DerivedField.FirstPass => FirstPass is { } f ? (f ? 1 : 0) : null,
        DerivedField.RebaseConflict => RebaseConflict is { } r ? (r ? 1 : 0) : null,
        DerivedField.FirstMerge => FirstMerge is { } m ? (m ? 1 : 0) : null,
        DerivedField.UsageDelta => UsageDelta,
        DerivedField.UsageReset => UsageReset is { } u ? (u ? 1 : 0) : null,
        _ => null,
    };

    public string? Text(DerivedField field) => field switch
    {
        DerivedField.AgentType => AgentType,
        DerivedField.Success => Bool(Success),
        DerivedField.FirstPass => Bool(FirstPass),
        DerivedField.RebaseConflict => Bool(RebaseConflict),
        DerivedField.FirstMerge => Bool(FirstMerge),
        DerivedField.UsageReset => Bool(UsageReset),
        _ => Number(field)?.ToString(CultureInfo.InvariantCulture),
    };

    private static string? Bool(bool? value) => value is { } v ? (v ? "true" : "false") : null;
}
