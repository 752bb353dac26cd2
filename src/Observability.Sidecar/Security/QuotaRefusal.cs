namespace Observability.Sidecar.Security;

/// <summary>A request refused by its token's daily quota: the quota, the events used today, the seconds to the next UTC midnight.</summary>
internal sealed record QuotaRefusal(long Limit, long Used, int RetryAfterSeconds);
