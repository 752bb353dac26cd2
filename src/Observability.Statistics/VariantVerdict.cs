namespace Observability.Statistics;

/// <summary>One variant's verdict.</summary>
/// <param name="Variant">The variant's name.</param>
/// <param name="Verdict">The verdict.</param>
/// <param name="PValue">The p-value given.</param>
/// <param name="AdjustedPValue">
/// The p-value after the multiple-comparison rule; NaN when the variant was not part of the family
/// (insufficient data, a sample-ratio mismatch, or no p-value).
/// </param>
public sealed record VariantVerdict(string Variant, Verdict Verdict, double PValue, double AdjustedPValue);
