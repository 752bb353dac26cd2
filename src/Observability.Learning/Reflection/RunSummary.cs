namespace Observability.Learning;

/// <summary>The figures of a reflection run as its event carries them.</summary>
/// <param name="RunId">The run's id (its event's id).</param>
/// <param name="Trigger"><c>scheduled</c> or <c>demand</c>.</param>
/// <param name="At">When it ran.</param>
/// <param name="FailurePatterns">Failure patterns it found.</param>
/// <param name="SuccessPatterns">Success patterns it found.</param>
/// <param name="Rules">Rules (not anti-patterns) it derived.</param>
/// <param name="AntiPatterns">Anti-patterns it derived.</param>
public sealed record RunSummary(string RunId, string Trigger, DateTimeOffset At, int FailurePatterns, int SuccessPatterns, int Rules, int AntiPatterns);
