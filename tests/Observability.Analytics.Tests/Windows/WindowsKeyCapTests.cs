using Observability.Analytics.Windows;

namespace Observability.Analytics.Tests.Windows;

public sealed class WindowsKeyCapTests
{
    [Fact]
    public void Snapshot_MoreProjectsThanMaxKeys_ListsTheBusiestInNameOrderAndCountsTheRest()
    {
        var merges = new Merges().Add(1, 1, "d").Add(4, 1, "c").Add(2, 2, "b").Add(4, 1, "a").Add(1, 1, "e").Add(3, 1);

        var capped = merges.View.Snapshot(3);

        // a and c (4 merges), then b (2); d and e (1 each) fold; 3 merges name no project.
        Assert.Equal(["a", "b", "c"], capped.Projects.Select(p => p.Project));
        Assert.Equal(new WindowsOverflow(2, 2), capped.Overflow);
        Assert.Equal(capped.Merges - 3, capped.Projects.Sum(p => p.Merges) + capped.Overflow!.Merges);
        Assert.Equal(merges.View.Snapshot() with { Projects = capped.Projects, Overflow = capped.Overflow }, capped);
    }

    [Fact]
    public void Snapshot_AtMostMaxKeys_SameAsUncappedWithoutOverflow()
    {
        var merges = new Merges().Add(1, 1, "x").Add(1, 1, "y");

        var capped = merges.View.Snapshot(2);

        Assert.Null(capped.Overflow);
        Assert.Equal(merges.View.Snapshot().Projects, capped.Projects);
    }
}
