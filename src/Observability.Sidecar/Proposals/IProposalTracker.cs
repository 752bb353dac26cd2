using Observability.Proposals;

namespace Observability.Sidecar.Proposals;

/// <summary>Somewhere approved proposals are delivered to: a generic webhook, GitHub Issues.</summary>
internal interface IProposalTracker
{
    /// <summary>The tracker's name: its metric label and the middle of its delivery events' ids. A bounded set.</summary>
    string Name { get; }

    /// <summary>The server it talks to, without path or credentials, for logs and <c>/health</c>.</summary>
    string Server { get; }

    /// <summary>Delivers <paramref name="proposal"/> once: the tracker has it afterwards, or the result says why not.</summary>
    Task<TrackerResult> DeliverAsync(ProposalAnswer proposal, CancellationToken cancellationToken);
}

/// <summary>What one delivery came to.</summary>
/// <param name="Done">True when the tracker has the proposal.</param>
/// <param name="Outcome"><c>delivered</c> or <c>existing</c> when done; otherwise what failed (<c>HTTP 502</c>, the timeout...).</param>
/// <param name="IssueNumber">The issue's number, when the tracker has issues.</param>
/// <param name="Url">The issue's address, when it has one.</param>
/// <param name="RetryAfter">How long the tracker asked to be left alone, when it did.</param>
internal sealed record TrackerResult(bool Done, string Outcome, long? IssueNumber = null, string? Url = null, TimeSpan? RetryAfter = null)
{
    /// <summary>The tracker took it now.</summary>
    public const string Delivered = "delivered";

    /// <summary>The tracker had it already (a delivery before a crash).</summary>
    public const string Existing = "existing";

    /// <summary>A failed attempt, as the metric counts it.</summary>
    public const string Failed = "failed";

    public static TrackerResult Failure(string outcome, TimeSpan? retryAfter = null) => new(false, outcome, RetryAfter: retryAfter);
}
