using Observability.Statistics.Tests.Support;

namespace Observability.Statistics.Tests;

public sealed class HolmTests
{
    public static TheoryData<string> Cases => ReferenceFixture.Names("holm");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Adjust_ReferenceCase_MatchesStatsmodelsMultipletestsHolm(string name)
    {
        var c = ReferenceFixture.Case("holm", name);
        var adjusted = Holm.Adjust(c.Numbers("p"));
        var expected = c.Numbers("adjusted");
        var reject = c.GetProperty("reject_at_0_05").EnumerateArray().Select(e => e.GetBoolean()).ToArray();
        Assert.Equal(expected.Length, adjusted.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Close.Equal(expected[i], adjusted[i], Close.ClosedForm, $"{name}[{i}]");
            Assert.Equal(reject[i], adjusted[i] <= 0.05);
        }
    }

    [Fact]
    public void Adjust_NaNEntries_AreLeftOutOfTheFamily()
    {
        // Two real p-values: m = 2, not 3.
        var adjusted = Holm.Adjust([0.02, double.NaN, 0.04]);
        Assert.Equal(0.04, adjusted[0], 15);
        Assert.True(double.IsNaN(adjusted[1]));
        Assert.Equal(0.04, adjusted[2], 15);
    }

    [Fact]
    public void Adjust_Empty_IsEmpty() => Assert.Empty(Holm.Adjust([]));
}
