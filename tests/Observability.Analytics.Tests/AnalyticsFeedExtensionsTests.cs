using System.Text;
using Observability.Analytics.Pipeline;
using Observability.EventLog;
using EventLogFile = Observability.EventLog.EventLog;

namespace Observability.Analytics.Tests;

public sealed class AnalyticsFeedExtensionsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("analytics-current-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task ReadCurrent_LogAcknowledgedNewRecords_CatchesUpFirst()
    {
        var facts = new PipelineFacts();
        var feed = new AnalyticsFeed(_directory, [facts]);
        await using var log = EventLogFile.Open(new EventLogOptions { Directory = _directory, Fsync = false });
        await log.AppendAsync(Chain("a"));
        Assert.Equal(1, feed.ReadCurrent(log, () => facts.Count));
        await log.AppendAsync(Chain("b"));
        await log.AppendAsync(Chain("c"));
        Assert.Equal(3, feed.ReadCurrent(log, () => facts.Count));
        Assert.Equal(3, feed.NextSequence);
    }

    [Fact]
    public async Task ReadCurrent_NoOpenLog_CatchesUpFromTheFiles()
    {
        await using (var log = EventLogFile.Open(new EventLogOptions { Directory = _directory, Fsync = false }))
        {
            await log.AppendAsync(Chain("a"));
        }

        var facts = new PipelineFacts();
        Assert.Equal(1, new AnalyticsFeed(_directory, [facts]).ReadCurrent(null, () => facts.Count));
    }

    private static byte[] Chain(string id) =>
        Encoding.UTF8.GetBytes($$"""{"id":"{{id}}","timestamp":"2026-01-01T00:00:00Z","eventType":"chain:created","entityId":"CH-{{id}}"}""");
}
