namespace Observability.Metrics;

/// <summary>Count and sum of one consistent histogram read; the bucket counts go into the caller's array.</summary>
internal readonly record struct HistogramSnapshot(long Count, double Sum);
