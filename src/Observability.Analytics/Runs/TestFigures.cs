namespace Observability.Analytics.Runs;

/// <summary>The WS-METRICS contract's <c>test_metrics</c>.</summary>
/// <param name="Written">Tests written.</param>
/// <param name="Passing">Tests passing.</param>
/// <param name="Failing">Tests failing.</param>
/// <param name="Skipped">Tests skipped.</param>
public sealed record TestFigures(long? Written, long? Passing, long? Failing, long? Skipped);
