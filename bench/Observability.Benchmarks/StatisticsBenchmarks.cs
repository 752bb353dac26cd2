using BenchmarkDotNet.Attributes;
using Observability.Statistics;

namespace Observability.Benchmarks;

/// <summary>
/// The experiment statistics at the sizes that bound an experiment answer: Boschloo's exact test where the switch rule
/// still picks it (just below the 200-unit arms; rare events in 300-unit arms; the 250,000-table cost bound both
/// square and lopsided), and the whole per-variant comparison of two 50,000-unit arms (the 100,000-unit experiment).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class StatisticsBenchmarks
{
    private double[] _controlDurations = null!;
    private double[] _variantDurations = null!;
    private ArmSummary _control = null!;
    private ArmSummary _variant = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _controlDurations = LogNormal(random, 50_000, Math.Log(900), 0.8);
        _variantDurations = LogNormal(random, 50_000, Math.Log(850), 0.8);
        _control = ArmSummary.Create(new ArmCounts(50_000, 15_000), _controlDurations, 12_345);
        _variant = ArmSummary.Create(new ArmCounts(50_000, 15_400), _variantDurations, 12_001);
    }

    /// <summary>199 against 200 units at 30 % and 40 %: the largest arms the arm-size rule sends to the exact test.</summary>
    [Benchmark]
    public double BoschlooBelowSwitch() => RateTests.BoschlooExactPValue(new ArmCounts(199, 60), new ArmCounts(200, 80));

    /// <summary>Two 300-unit arms with 2 and 3 successes: large arms, but expected cells under 5.</summary>
    [Benchmark]
    public double BoschlooRareEvents300() => RateTests.BoschlooExactPValue(new ArmCounts(300, 2), new ArmCounts(300, 3));

    /// <summary>499 against 499 units with 1 and 2 successes: the cost bound (250,000 tables), square.</summary>
    [Benchmark]
    public double BoschlooAtCostBoundSquare() => RateTests.BoschlooExactPValue(new ArmCounts(499, 1), new ArmCounts(499, 2));

    /// <summary>99 against 2,499 units at 30 %: the cost bound (250,000 tables), lopsided, with 2,599 diagonals.</summary>
    [Benchmark]
    public double BoschlooAtCostBoundLopsided() => RateTests.BoschlooExactPValue(new ArmCounts(2_499, 750), new ArmCounts(99, 35));

    /// <summary>The score test that replaces it above the switch.</summary>
    [Benchmark]
    public double PooledScore() => RateTests.PooledScorePValue(new ArmCounts(50_000, 15_000), new ArmCounts(50_000, 15_400));

    /// <summary>The beta-binomial readout of two 50,000-unit arms.</summary>
    [Benchmark]
    public BayesianReadout BetaBinomial50k() => BetaBinomial.Compare(_control.Counts, _variant.Counts);

    /// <summary>Both arms' summaries from 50,000 raw durations each (median by selection, log moments).</summary>
    [Benchmark]
    public DurationSummary DurationSummaries50kTimesTwo()
    {
        _ = DurationSummary.Create(_controlDurations);
        return DurationSummary.Create(_variantDurations);
    }

    /// <summary>Rate, duration and Bayesian comparison of one variant from ready arm summaries.</summary>
    [Benchmark]
    public VariantComparison VariantComparison50kPerArm() => VariantComparison.Create(_control, _variant);

    private static double[] LogNormal(Random random, int count, double mu, double sigma)
    {
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            // Box–Muller: a normal from two uniforms.
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            values[i] = Math.Round(Math.Exp(mu + (sigma * normal)), 1);
        }

        return values;
    }
}
