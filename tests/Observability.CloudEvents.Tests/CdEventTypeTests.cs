namespace Observability.CloudEvents.Tests;

public sealed class CdEventTypeTests
{
    [Theory]
    [InlineData("dev.cdevents.pipelinerun.finished.0.3.0", "pipelinerun", "finished", "0.3.0", 0)]
    [InlineData("dev.cdevents.testcaserun.skipped.0.1.0", "testcaserun", "skipped", "0.1.0", 0)]
    [InlineData("dev.cdevents.change.merged.1.0.0-draft", "change", "merged", "1.0.0-draft", 1)]
    public void TryParse_CdEventsType_SplitsIntoParts(string type, string subject, string predicate, string version, int major)
    {
        Assert.True(CdEventType.TryParse(type, out var parsed, out _));

        Assert.Equal(new CdEventType(subject, predicate, version, major), parsed);
    }

    [Theory]
    [InlineData("dev.cdevents.pipelinerun.finished")]
    [InlineData("dev.cdevents.pipelinerun.finished.x.1.0")]
    [InlineData("dev.cdevents..finished.0.1.0")]
    public void TryParse_NotTheForm_FalseWithTheReason(string type)
    {
        Assert.False(CdEventType.TryParse(type, out _, out var reason));

        Assert.Contains(type, reason, StringComparison.Ordinal);
    }
}
