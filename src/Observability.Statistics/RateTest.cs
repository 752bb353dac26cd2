namespace Observability.Statistics;

/// <summary>Which two-sided test gave a rate comparison's p-value.</summary>
public enum RateTest
{
    /// <summary>No test: an arm is empty, so there is no p-value.</summary>
    None,

    /// <summary>Boschloo's exact unconditional test (SciPy's <c>boschloo_exact</c> definition); used for small arms.</summary>
    BoschlooExact,

    /// <summary>The pooled two-proportion score (z) test; used when both arms are large.</summary>
    PooledScore,
}
