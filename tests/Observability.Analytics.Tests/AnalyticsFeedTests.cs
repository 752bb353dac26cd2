using System.Text;
using Observability.EventLog;
using EventLogFile = Observability.EventLog.EventLog;

namespace Observability.Analytics.Tests;

public sealed class AnalyticsFeedTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("analytics-feed-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task CatchUp_LogGrowsBetweenCalls_AppliesOnlyNewRecordsInOrder()
    {
        var view = new RecordingView();
        var feed = new AnalyticsFeed(_directory, [view]);
        await using (var log = EventLogFile.Open(new EventLogOptions { Directory = _directory }))
        {
            await log.AppendAsync(Event("a", "task:started"));
            await log.AppendAsync(Event("b", "task:completed"));
            Assert.Equal(2, feed.CatchUp());
            Assert.Equal(0, feed.CatchUp());
            await log.AppendAsync(Event("c", "chain:created"));
            Assert.Equal(1, feed.CatchUp());
        }

        Assert.Equal(["0:a:task:started", "1:b:task:completed", "2:c:chain:created"], view.Seen);
        Assert.Equal(3, feed.NextSequence);
    }

    [Fact]
    public async Task CatchUp_RecordWithoutEnvelope_IsSkippedAndCounted()
    {
        var view = new RecordingView();
        var feed = new AnalyticsFeed(_directory, [view]);
        await using (var log = EventLogFile.Open(new EventLogOptions { Directory = _directory }))
        {
            await log.AppendAsync(Encoding.UTF8.GetBytes("""{"id":"x"}"""));
            await log.AppendAsync(Event("d", "task:failed"));
        }

        feed.CatchUp();
        Assert.Equal(["1:d:task:failed"], view.Seen);
        Assert.Equal(1, feed.Skipped);
    }

    [Fact]
    public void CatchUp_NoLogDirectoryYet_ReadsNothing()
    {
        var feed = new AnalyticsFeed(Path.Combine(_directory, "missing"), [new RecordingView()]);
        Assert.Equal(0, feed.CatchUp());
        Assert.Equal(0, feed.NextSequence);
    }

    private static byte[] Event(string id, string type) => Encoding.UTF8.GetBytes(
        $$$"""{"id":"{{{id}}}","timestamp":"2026-01-01T00:00:00Z","eventType":"{{{type}}}","agent":{"model":"m","tokens":{"input":3,"output":4}},"metadata":{"k":1}}""");

    private sealed class RecordingView : IAnalyticsView
    {
        public List<string> Seen { get; } = [];

        public void Apply(AnalyticsEvent e)
        {
            Assert.Equal("m", e.Model);
            Assert.Equal(3, e.InputTokens);
            Assert.Equal(1, e.MetadataNumber("k"));
            Seen.Add($"{e.Sequence}:{e.Id}:{e.EventType}");
        }
    }
}
