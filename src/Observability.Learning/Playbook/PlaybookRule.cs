namespace Observability.Learning.Playbook;

/// <summary>
/// A rule of the playbook as the last reflection run that saw its pattern derived it: what it says, its Beta evidence
/// (<see cref="Alpha"/> confirmations + 1, <see cref="Beta"/> contradictions + 1), how many events it rests on and
/// when the newest of them happened.
/// </summary>
/// <param name="Id">Deterministic: <c>b-</c> (rule) or <c>ap-</c> (anti-pattern) and 12 hex characters of the hash of its pattern.</param>
/// <param name="Kind"><see cref="LearningNames.Rule"/> or <see cref="LearningNames.AntiPattern"/>.</param>
/// <param name="Content">The advice, one sentence a runner reads.</param>
/// <param name="Alpha">1 + the events that confirm it.</param>
/// <param name="Beta">1 + the events that contradict it.</param>
/// <param name="Evidence">The events it rests on.</param>
/// <param name="LastEvidenceAt">When the newest of them happened: its confidence decays from here.</param>
/// <param name="Source"><c>failure_pattern:stage:failure_type</c> or <c>success_pattern:agent_type:task_type</c>.</param>
/// <param name="Stage">The stage a failure rule is about; null for a success rule.</param>
/// <param name="FailureType">The failure type a failure rule is about.</param>
/// <param name="AgentType">The agent type a success rule is about; null for a failure rule.</param>
/// <param name="TaskType">The task type a success rule is about.</param>
internal sealed record PlaybookRule(
    string Id,
    string Kind,
    string Content,
    double Alpha,
    double Beta,
    long Evidence,
    DateTimeOffset LastEvidenceAt,
    string Source,
    string? Stage,
    string? FailureType,
    string? AgentType,
    string? TaskType);
