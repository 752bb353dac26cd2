namespace Observability.Statistics;

/// <summary>
/// A variant's rate against the control's: the difference (variant minus control), its 95 % Newcombe hybrid score
/// interval, and a two-sided p-value for "the two arms have the same success probability" from <see cref="Test"/>.
/// A p-value, an interval or a difference that the data cannot give (an empty arm) is NaN.
/// </summary>
/// <param name="Difference">rate(variant) − rate(control).</param>
/// <param name="DifferenceInterval">Newcombe's hybrid score interval (<see cref="Newcombe.MethodName"/>).</param>
/// <param name="PValue">The fixed-horizon two-sided p-value.</param>
/// <param name="Test">The test that gave <paramref name="PValue"/>, chosen by <see cref="RateTests.Choose"/>.</param>
public sealed record RateComparison(double Difference, Interval DifferenceInterval, double PValue, RateTest Test);
