namespace Observability.Review.Findings;

/// <summary>
/// What a check says holds now for one subject: the finding's kind and subject, the line a person reads, the action to
/// take, and its evidence (the events and figures behind it). The review opens a finding for a candidate with none open
/// and closes open findings no candidate holds any more.
/// </summary>
internal sealed class FindingCandidate(FindingKind kind, string subjectType, string subject, string summary, string recommendation)
{
    /// <summary>Event ids the evidence lists at most (the finding contract).</summary>
    public const int MaxEventIds = 20;

    public FindingKind Kind { get; } = kind;

    public string SubjectType { get; } = subjectType;

    public string Subject { get; } = subject;

    public string Summary { get; } = summary;

    public string Recommendation { get; } = recommendation;

    /// <summary>The events behind it, oldest first, at most <see cref="MaxEventIds"/>.</summary>
    public List<string> EventIds { get; } = [];

    /// <summary>The figures behind it, in the order the check names them.</summary>
    public List<KeyValuePair<string, double>> Figures { get; } = [];

    public string Key => FindingId.Key(Kind.Name, SubjectType, Subject);

    public FindingCandidate Events(IEnumerable<string?> ids)
    {
        foreach (var id in ids)
        {
            if (id is not null && EventIds.Count < MaxEventIds && !EventIds.Contains(id))
            {
                EventIds.Add(id);
            }
        }

        return this;
    }

    public FindingCandidate Figure(string name, double value)
    {
        Figures.Add(new(name, value));
        return this;
    }
}
