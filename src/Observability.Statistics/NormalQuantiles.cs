using MathNet.Numerics.Distributions;

namespace Observability.Statistics;

/// <summary>The standard normal quantiles the 95 % intervals use, computed once by MathNet.Numerics.</summary>
internal static class NormalQuantiles
{
    /// <summary>The confidence level of every interval this library answers.</summary>
    public const double ConfidenceLevel = 0.95;

    /// <summary>z with 2.5 % of the standard normal above it: 1.959963984540054.</summary>
    public static readonly double Z975 = Normal.InvCDF(0, 1, 1 - ((1 - ConfidenceLevel) / 2));
}
