namespace Observability.Analytics.Tests;

public sealed class KeyCapTests
{
    private static KeyValuePair<string, long>[] Entries(params (string Key, long Count)[] entries) =>
        [.. entries.Select(e => new KeyValuePair<string, long>(e.Key, e.Count))];

    private static Dictionary<string, long> Fold(KeyValuePair<string, long>[] entries, int maxKeys, out KeyOverflow? overflow) =>
        KeyCap.Fold(entries, maxKeys, c => c, (a, b) => a + b, c => c, out overflow);

    [Fact]
    public void Fold_AtMostMaxKeys_SameEntriesInTheSameOrderAndNoOverflow()
    {
        var entries = Entries(("zeta", 1), ("alpha", 9), ("mid", 4));

        var folded = Fold(entries, 3, out var overflow);

        Assert.Null(overflow);
        Assert.Equal(entries, folded);
    }

    [Fact]
    public void Fold_PastMaxKeys_KeepsTheLargestInListOrderAndSumsTheRest()
    {
        var entries = Entries(("a", 1), ("b", 5), ("c", 2), ("d", 5), ("e", 3));

        var folded = Fold(entries, 3, out var overflow);

        Assert.Equal(Entries(("b", 5), ("d", 5), ("e", 3), (KeyCap.OverflowKey, 3)), folded);
        Assert.Equal(new KeyOverflow(2), overflow);
        Assert.Equal(entries.Sum(e => e.Value), folded.Values.Sum());
    }

    [Fact]
    public void Fold_TiesAtTheCut_BrokenByOrdinalNameWhateverTheOrder()
    {
        var entries = Entries(("b", 2), ("B", 2), ("a", 2), ("c", 7));

        var forward = Fold(entries, 2, out _);
        var backward = Fold([.. entries.Reverse()], 2, out _);

        // "B" < "a" < "b" in ordinal order: B and c are kept either way, each listing in its own order.
        Assert.Equal(["B", "c", KeyCap.OverflowKey], forward.Keys);
        Assert.Equal(["c", "B", KeyCap.OverflowKey], backward.Keys);
        Assert.Equal(4, forward[KeyCap.OverflowKey]);
        Assert.Equal(4, backward[KeyCap.OverflowKey]);
    }

    [Fact]
    public void Fold_KeyFromEventDataEqualToTheOverflowKey_KeptEscapedLikeALabelValue()
    {
        var entries = Entries((KeyCap.OverflowKey, 9), ("\\" + KeyCap.OverflowKey, 8), ("x", 1), ("y", 1));

        var folded = Fold(entries, 2, out var overflow);

        Assert.Equal(Entries(("\\" + KeyCap.OverflowKey, 9), ("\\\\" + KeyCap.OverflowKey, 8), (KeyCap.OverflowKey, 2)), folded);
        Assert.Equal(2, overflow!.Keys);
    }

    [Fact]
    public void Validate_MaxKeysBelowOne_NamesTheSetting()
    {
        Assert.Equal(["Analytics:MaxKeys must be at least 1, was 0."], new AnalyticsOptions { MaxKeys = 0 }.Validate());
        Assert.Equal(AnalyticsOptions.DefaultMaxKeys, new AnalyticsOptions().MaxKeys);
        Assert.Equal(Metrics.MetricRegistryOptions.DefaultMaxSeriesPerFamily, AnalyticsOptions.DefaultMaxKeys);
    }
}
