namespace Observability.Analytics.Pipeline;

/// <summary>The ADR-009 / 003 event types the pipeline facts keep.</summary>
internal enum FactKind : byte
{
    TaskCreated,
    TaskStarted,
    TaskCompleted,
    TaskCompletedUnsuccessfully,
    TaskFailed,
    TaskRework,
    ChainCreated,
    ChainCompleted,
    RequestCreated,
    RequestClosed,
}
