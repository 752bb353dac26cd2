namespace Observability.Proposals;

/// <summary>Where a proposal stands; every status but <see cref="Pending"/> and <see cref="Approved"/> is final.</summary>
internal static class ProposalStatus
{
    /// <summary>Waits for a person's decision (or, with <c>Proposals:Autonomous</c>, for the automatic approval).</summary>
    public const string Pending = "pending";

    /// <summary>Approved, not yet delivered to any tracker.</summary>
    public const string Approved = "approved";

    /// <summary>Approved and delivered to at least one tracker.</summary>
    public const string Delivered = "delivered";

    /// <summary>Rejected by a person.</summary>
    public const string Rejected = "rejected";

    /// <summary>Its finding closed (the condition cleared) before anyone decided: nothing is left to do.</summary>
    public const string Withdrawn = "withdrawn";

    /// <summary>Every status, in the order a proposal goes through them.</summary>
    public static readonly IReadOnlyList<string> All = [Pending, Approved, Delivered, Rejected, Withdrawn];
}
