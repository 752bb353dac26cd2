namespace Observability.Sidecar.Otlp;

/// <summary>An export request's stored result: how many items were rejected, and why (null when none was).</summary>
internal sealed record ExportOutcome(long Rejected, string? Message);
