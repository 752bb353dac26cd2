using System.Globalization;
using System.Text;

namespace Observability.Proposals;

/// <summary>
/// The words of a proposal, written from its finding: a title, a description with the evidence (summary, why, the
/// recommended action, the figures and the events), acceptance criteria, and links to the sidecar's API. Written at
/// query time, so a change of wording needs no replay.
/// </summary>
internal static class ProposalText
{
    /// <summary>The longest title: GitHub's issue titles are cut near this length.</summary>
    public const int MaxTitleLength = 200;

    private static readonly Dictionary<string, (string Verb, string[] Criteria)> Texts = new(StringComparer.Ordinal)
    {
        [ProposalKinds.UnblockGoal] = ("Unblock goal",
            ["What blocks {subject} is written down, each blocker with an owner.", "{subject} gets a unit of its backlog done again."]),
        [ProposalKinds.HealPipeline] = ("Heal the pipeline",
            ["The stuck work on {subject} is finished, restarted or cancelled.", "The cause is written down, and what stops it recurring is done or filed."]),
        [ProposalKinds.DiagnosePipeline] = ("Diagnose the pipeline",
            ["The failures on {subject} are explained by a root cause backed by the events listed.", "A fix or a follow-up task for that cause exists."]),
        [ProposalKinds.ImproveTaskDescription] = ("Improve the task description",
            ["The description of {subject} says what failed before and how to avoid it (scope, allowed paths, the test to pass).",
             "The next attempt of {subject} succeeds, or fails for another reason."]),
        [ProposalKinds.SplitBacklogItem] = ("Split or clarify the backlog item",
            ["{subject} is split into items small enough to start, or has acceptance criteria that say when it is done.",
             "{subject} (or its parts) is started or explicitly deprioritised."]),
        [ProposalKinds.AddAcceptanceCriteria] = ("Add acceptance criteria",
            ["The work on {subject} has acceptance criteria a reviewer checks.", "The next review of {subject} is consistent with what follows it."]),
        [ProposalKinds.MergeDuplicates] = ("Merge duplicate tasks",
            ["Only one of the duplicates of {subject} stays open; the others point to it."]),
        [ProposalKinds.MendTests] = ("Mend the tests",
            ["The tests behind {subject} are fixed, quarantined with an owner, or covered again.", "The next test runs no longer show the problem."]),
        [ProposalKinds.ReviewUsage] = ("Review usage",
            ["The cause of the usage of {subject} is explained (a change of model, prompt, task size or a loop).",
             "Usage of {subject} is back under its baseline or budget, or the budget is changed on purpose."]),
        [ProposalKinds.InvestigateFinding] = ("Investigate",
            ["The finding on {subject} is explained and acted on."]),
    };

    /// <summary>A one-line title: the kind's verb, then the finding's summary.</summary>
    public static string Title(Proposal proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        var title = $"{Verb(proposal.Kind)}: {proposal.Summary}";
        title = title.ReplaceLineEndings(" ");
        return title.Length <= MaxTitleLength ? title : string.Concat(title.AsSpan(0, MaxTitleLength - 1), "…");
    }

    /// <summary>What is done when the proposal is done: the kind's criteria, then the finding closing.</summary>
    public static IReadOnlyList<string> AcceptanceCriteria(Proposal proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        var subject = $"{proposal.SubjectType} `{proposal.Subject}`";
        var criteria = Texts.TryGetValue(proposal.Kind, out var text) ? text.Criteria : Texts[ProposalKinds.InvestigateFinding].Criteria;
        return
        [
            .. criteria.Select(c => c.Replace("{subject}", subject, StringComparison.Ordinal)),
            $"The review closes finding `{proposal.FindingId}` ({proposal.FindingKind}): its condition no longer holds.",
        ];
    }

    /// <summary>Links to the proposal and its finding, absolute when <paramref name="baseUrl"/> is set.</summary>
    public static IReadOnlyDictionary<string, string> Links(Proposal proposal, string? baseUrl)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        var root = baseUrl?.TrimEnd('/') ?? string.Empty;
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["self"] = $"{root}/api/v1/proposals/{proposal.Id}",
            ["finding"] = $"{root}/api/v1/findings/{proposal.FindingId}",
        };
    }

    /// <summary>The description in Markdown: summary, why, the recommended action, the evidence, the criteria and the links.</summary>
    public static string Description(Proposal proposal, string? baseUrl)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        var text = new StringBuilder();
        text.Append(proposal.Summary).Append("\n\n");
        text.Append(CultureInfo.InvariantCulture, $"**Why:** a {proposal.Severity} `{proposal.FindingKind}` finding ({proposal.Category}) on ")
            .Append(CultureInfo.InvariantCulture, $"{proposal.SubjectType} `{proposal.Subject}`, opened {Time(proposal.OpenedAt)}")
            .Append(proposal.ReviewRunId is { } run ? $" by review run `{run}`" : string.Empty).Append(".\n\n");
        text.Append("**Recommended action:** ").Append(proposal.Recommendation).Append("\n\n");
        text.Append("### Evidence\n\n");
        if (proposal.Figures.Count > 0)
        {
            text.Append("| figure | value |\n| --- | --- |\n");
            foreach (var (name, value) in proposal.Figures)
            {
                text.Append(CultureInfo.InvariantCulture, $"| {name} | {value.ToString("G6", CultureInfo.InvariantCulture)} |\n");
            }

            text.Append('\n');
        }

        text.Append("Events: ").Append(string.Join(", ", proposal.EvidenceEventIds.Prepend(proposal.FindingEventId).Select(id => $"`{id}`"))).Append("\n\n");
        text.Append("### Acceptance criteria\n\n");
        foreach (var criterion in AcceptanceCriteria(proposal))
        {
            text.Append("- [ ] ").Append(criterion).Append('\n');
        }

        text.Append("\n### Links\n\n");
        foreach (var (rel, href) in Links(proposal, baseUrl))
        {
            text.Append("- ").Append(rel).Append(": ").Append(href).Append('\n');
        }

        return text.ToString();
    }

    private static string Verb(string kind) => Texts.TryGetValue(kind, out var text) ? text.Verb : Texts[ProposalKinds.InvestigateFinding].Verb;

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
