namespace Observability.Analytics.Pipeline;

/// <summary>The pipeline-observability contract's <c>success_rate</c> object (counts, as the seed shapes it).</summary>
/// <param name="Completed">Successful runs.</param>
/// <param name="Failed">Failed runs (<c>task:failed</c>, or <c>task:completed</c> with <c>success</c> false).</param>
/// <param name="Total">All runs.</param>
public sealed record SuccessCounts(int Completed, int Failed, int Total);
