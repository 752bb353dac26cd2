namespace Observability.Analytics.Runs;

/// <summary>Which runs <see cref="RunRecordView.List"/> returns: all given conditions hold; newest start first.</summary>
/// <param name="WpId">Only runs of this work package.</param>
/// <param name="Status">Only runs in this status.</param>
/// <param name="From">Only runs started at or after this.</param>
/// <param name="To">Only runs started at or before this.</param>
/// <param name="Limit">At most this many.</param>
public sealed record RunFilter(string? WpId = null, string? Status = null, DateTimeOffset? From = null, DateTimeOffset? To = null, int Limit = 100);
