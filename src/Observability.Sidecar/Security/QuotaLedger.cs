namespace Observability.Sidecar.Security;

/// <summary>The quota file's shape: the UTC day (<c>yyyy-MM-dd</c>) and the events each token stored in it.</summary>
internal sealed record QuotaLedger(string Day, Dictionary<string, long> Used);
