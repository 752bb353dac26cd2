namespace Observability.Experiments.Experiments;

/// <summary>What one finished unit contributes to its arm.</summary>
internal readonly record struct UnitOutcome(
    bool Succeeded, bool FirstPass, bool Reworked, bool Intervened, double? DurationSeconds, double? CostUsd, double? Tokens);
