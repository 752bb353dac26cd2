namespace Observability.Analytics.Runs;

/// <summary>
/// One <c>llm:call</c>, reduced: its cost is the reported one, else the estimate, else NaN (unpriced). Model and phase
/// are interned indexes, -1 when the call names none.
/// </summary>
internal readonly record struct CallLine(long Ticks, int Model, RunState? Run, long InputTokens, long OutputTokens, double Cost, bool Reported, int Phase);
