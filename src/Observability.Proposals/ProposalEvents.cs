using System.Globalization;
using System.Text.Json.Nodes;

namespace Observability.Proposals;

/// <summary>
/// The events proposals are derived from (the finding contract's <c>finding:opened</c> and <c>finding:closed</c>) and
/// the ones they are decided and delivered by, each with a deterministic id so that storing one twice is a duplicate:
/// <c>proposal:approved:&lt;proposalId&gt;</c>, <c>proposal:rejected:&lt;proposalId&gt;</c> and
/// <c>proposal:delivered:&lt;tracker&gt;:&lt;proposalId&gt;</c>.
/// </summary>
internal static class ProposalEvents
{
    /// <summary>A review finding opened (the finding contract).</summary>
    public const string FindingOpened = "finding:opened";

    /// <summary>A review finding closed: its condition cleared (the finding contract).</summary>
    public const string FindingClosed = "finding:closed";

    /// <summary>A proposal was approved, by a person or autonomously.</summary>
    public const string Approved = "proposal:approved";

    /// <summary>A proposal was rejected by a person.</summary>
    public const string Rejected = "proposal:rejected";

    /// <summary>A proposal reached a tracker.</summary>
    public const string Delivered = "proposal:delivered";

    /// <summary>Who approves when <c>Proposals:Autonomous</c> is on.</summary>
    public const string AutonomousActor = "autonomous";

    /// <summary>The proposal id of a finding: <c>p-</c> and the finding id's hex (the part after <c>f-</c>).</summary>
    public static string ProposalId(string findingId)
    {
        ArgumentException.ThrowIfNullOrEmpty(findingId);
        return "p-" + (findingId.StartsWith("f-", StringComparison.Ordinal) ? findingId[2..] : findingId);
    }

    /// <summary>The id of the decision event of <paramref name="proposalId"/>.</summary>
    public static string DecisionId(string eventType, string proposalId) => $"{eventType}:{proposalId}";

    /// <summary>The id of the delivery event of <paramref name="proposalId"/> to <paramref name="tracker"/>.</summary>
    public static string DeliveryId(string tracker, string proposalId) => $"{Delivered}:{tracker}:{proposalId}";

    /// <summary>A <c>proposal:approved</c> or <c>proposal:rejected</c> event.</summary>
    public static JsonObject Decision(string eventType, Proposal proposal, string? by, string? reason, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        if (eventType is not (Approved or Rejected))
        {
            throw new ArgumentOutOfRangeException(nameof(eventType), eventType, "Not a decision.");
        }

        var metadata = new JsonObject { ["proposalId"] = proposal.Id, ["findingId"] = proposal.FindingId };
        if (by is not null)
        {
            metadata["by"] = by;
        }

        if (reason is not null)
        {
            metadata["reason"] = reason;
        }

        return Event(DecisionId(eventType, proposal.Id), eventType, proposal.Id, now, metadata);
    }

    /// <summary>A <c>proposal:delivered</c> event: where the proposal now lives in <paramref name="tracker"/>.</summary>
    public static JsonObject Delivery(string tracker, string proposalId, string outcome, long? issueNumber, string? url, DateTimeOffset now)
    {
        var metadata = new JsonObject { ["proposalId"] = proposalId, ["tracker"] = tracker, ["outcome"] = outcome };
        if (issueNumber is { } number)
        {
            metadata["issueNumber"] = number;
        }

        if (url is not null)
        {
            metadata["url"] = url;
        }

        return Event(DeliveryId(tracker, proposalId), Delivered, proposalId, now, metadata);
    }

    private static JsonObject Event(string id, string eventType, string proposalId, DateTimeOffset now, JsonObject metadata) => new()
    {
        ["id"] = id,
        ["eventType"] = eventType,
        ["entityType"] = "proposal",
        ["entityId"] = proposalId,
        ["timestamp"] = now.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
        ["metadata"] = metadata,
    };
}
