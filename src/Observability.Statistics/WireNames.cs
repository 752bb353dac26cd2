namespace Observability.Statistics;

/// <summary>The snake_case names answers (JSON, CLI, metric label values) use for the library's enums.</summary>
public static class WireNames
{
    /// <summary><c>insufficient_data</c>, <c>srm</c>, <c>better</c>, <c>worse</c> or <c>no_difference</c>.</summary>
    public static string Name(this Verdict verdict) => verdict switch
    {
        Verdict.InsufficientData => "insufficient_data",
        Verdict.Srm => "srm",
        Verdict.Better => "better",
        Verdict.Worse => "worse",
        Verdict.NoDifference => "no_difference",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, null),
    };

    /// <summary><c>none</c>, <c>boschloo_exact</c> or <c>pooled_score</c>.</summary>
    public static string Name(this RateTest test) => test switch
    {
        RateTest.None => "none",
        RateTest.BoschlooExact => "boschloo_exact",
        RateTest.PooledScore => "pooled_score",
        _ => throw new ArgumentOutOfRangeException(nameof(test), test, null),
    };

    /// <summary><c>fixed_horizon</c> or <c>always_valid_msprt</c>.</summary>
    public static string Name(this PValueKind kind) => kind switch
    {
        PValueKind.FixedHorizon => "fixed_horizon",
        PValueKind.AlwaysValid => "always_valid_msprt",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
