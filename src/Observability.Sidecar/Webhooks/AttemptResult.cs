namespace Observability.Sidecar.Webhooks;

/// <summary>What one POST came to.</summary>
/// <param name="Delivered">True for a 2xx answer, the only success (Standard Webhooks).</param>
/// <param name="Outcome">For the log: <c>HTTP 500</c>, the connection error, or the timeout.</param>
/// <param name="RetryAfter">The receiver's <c>Retry-After</c>, when it sent one.</param>
internal readonly record struct AttemptResult(bool Delivered, string Outcome, TimeSpan? RetryAfter = null);
