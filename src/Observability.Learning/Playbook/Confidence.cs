namespace Observability.Learning.Playbook;

/// <summary>
/// A rule's confidence: the mean of its Beta posterior, <c>α / (α + β)</c>, where α is 1 + the events that confirm it
/// (its pattern's, and the outcomes of tasks it was shown to that succeeded) and β is 1 + the events that contradict it
/// (the pattern's, and shown-to tasks that failed); then halved for every half-life since its newest evidence:
/// <c>c · 0.5^(age / half-life)</c>. New evidence (a run that sees the pattern again, an outcome) renews it.
/// </summary>
internal static class Confidence
{
    /// <summary>The posterior mean of a rule with its outcomes.</summary>
    public static double Posterior(PlaybookRule rule, OutcomeTally? outcomes) =>
        (rule.Alpha + (outcomes?.Successes ?? 0)) / (rule.Alpha + rule.Beta + (outcomes?.Successes ?? 0) + (outcomes?.Failures ?? 0));

    /// <summary>The newest evidence of a rule: its pattern's or its latest outcome's.</summary>
    public static DateTimeOffset LastEvidence(PlaybookRule rule, OutcomeTally? outcomes) =>
        outcomes?.LastAt is { } at && at > rule.LastEvidenceAt ? at : rule.LastEvidenceAt;

    /// <summary><paramref name="confidence"/> after <paramref name="now"/> − <paramref name="last"/> of decay; none before <paramref name="last"/>.</summary>
    public static double Decayed(double confidence, DateTimeOffset last, DateTimeOffset now, TimeSpan halfLife)
    {
        var age = now - last;
        return age <= TimeSpan.Zero ? confidence : confidence * Math.Pow(0.5, age / halfLife);
    }

    /// <summary>The rule's confidence at <paramref name="now"/>.</summary>
    public static double At(PlaybookRule rule, OutcomeTally? outcomes, DateTimeOffset now, TimeSpan halfLife) =>
        Decayed(Posterior(rule, outcomes), LastEvidence(rule, outcomes), now, halfLife);
}
