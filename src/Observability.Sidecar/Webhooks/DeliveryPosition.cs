namespace Observability.Sidecar.Webhooks;

/// <summary>Where one receiver's delivery stands, as its position file keeps it.</summary>
/// <param name="Next">
/// The first log sequence not yet delivered: the one after the last crossing delivered (or dead-lettered), or further
/// when the records in between hold no crossing.
/// </param>
/// <param name="FailingSince">When the receiver's current run of failed attempts began; null after a 2xx.</param>
/// <param name="HeadSince">When the first crossing at or after <paramref name="Next"/> was first seen pending, if known.</param>
internal sealed record DeliveryPosition(long Next, DateTimeOffset? FailingSince = null, DateTimeOffset? HeadSince = null);
