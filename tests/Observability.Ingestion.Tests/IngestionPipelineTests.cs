using Observability.EventLog;
using Observability.Ingestion.Batches;
using Observability.Ingestion.Mapping;
using Observability.Metrics;
using EventLogFile = Observability.EventLog.EventLog;

namespace Observability.Ingestion.Tests;

public sealed class IngestionPipelineTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ingestion-pipeline-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task IngestAsync_OneEventsMetricUpdatesThrow_AllStoredAndTheOthersCounted()
    {
        var registry = new MetricRegistry(new MetricRegistryOptions { Namespace = "agentobs" });
        var pipeline = new IngestionPipeline(registry, MetricMapping.Load(registry, []));
        await using var log = EventLogFile.Open(new EventLogOptions { Directory = _directory, Fsync = false });
        pipeline.Attach(log);
        pipeline.BeforeProject = e =>
        {
            if (e.Id == "b")
            {
                throw new InvalidOperationException("a faulty mapping");
            }
        };
        var body = string.Join('\n', new[] { "a", "b", "c" }.Select(id => Support.Task(id, "task:completed", "2026-11-21T10:00:00Z",
            metadata: """{"taskType":"spec","stage":"build","durationSeconds":60}""")));

        var result = await pipeline.IngestAsync(BatchSplitter.SplitNdjson(Support.Utf8(body)));

        Assert.Equal(3, result.Accepted);
        Assert.Equal(1, Support.Sample(registry, "agentobs_events_unprojected_total"));
        Assert.Equal(2, Support.Sample(registry, """agentobs_task_total{agent_type="impl",task_type="spec",success="true"}"""));
        Assert.Equal(3, log.Status.RecordCount);
    }

    [Fact]
    public async Task IngestAsync_NoFault_CountsNothingUnprojected()
    {
        var registry = new MetricRegistry(new MetricRegistryOptions { Namespace = "agentobs" });
        var pipeline = new IngestionPipeline(registry, MetricMapping.Load(registry, []));
        await using var log = EventLogFile.Open(new EventLogOptions { Directory = _directory, Fsync = false });
        pipeline.Attach(log);

        var result = await pipeline.IngestAsync(BatchSplitter.SplitJson(Support.Utf8(Support.Task("a", "task:started", "2026-11-21T10:00:00Z"))));

        Assert.Equal(1, result.Accepted);
        Assert.Equal(0, Support.Sample(registry, "agentobs_events_unprojected_total"));
    }

    [Fact]
    public async Task IngestAsync_InvalidUtf8OrLoneSurrogate_RejectsThatItemAndKeepsTheOthers()
    {
        var registry = new MetricRegistry(new MetricRegistryOptions { Namespace = "agentobs" });
        var pipeline = new IngestionPipeline(registry, MetricMapping.Load(registry, []));
        await using var log = EventLogFile.Open(new EventLogOptions { Directory = _directory, Fsync = false });
        pipeline.Attach(log);
        var good = System.Text.Encoding.UTF8.GetBytes(Support.Task("a", "task:started", "2026-11-21T10:00:00Z"));
        var badByte = System.Text.Encoding.UTF8.GetBytes(Support.Task("b", "task:started", "2026-11-21T10:00:00Z", entity: "T-?"));
        badByte[Array.IndexOf(badByte, (byte)'?')] = 0xFF;
        var surrogate = System.Text.Encoding.UTF8.GetBytes(Support.Task("c", "task:started", "2026-11-21T10:00:00Z", entity: "T-\\ud800"));
        byte[] body = [.. good, (byte)'\n', .. badByte, (byte)'\n', .. surrogate];

        var result = await pipeline.IngestAsync(BatchSplitter.SplitNdjson(body));

        Assert.Equal(ItemResult.Accepted, result.Items[0].Status);
        Assert.Equal(ItemResult.Rejected, result.Items[1].Status);
        Assert.Contains("not valid UTF-8", result.Items[1].Reason, StringComparison.Ordinal);
        Assert.Equal(ItemResult.Rejected, result.Items[2].Status);
        Assert.Contains("lone surrogate", result.Items[2].Reason, StringComparison.Ordinal);
        Assert.Equal(1, log.Status.RecordCount);
    }

    [Fact]
    public async Task IngestAsync_LoneSurrogateDeepInMetadata_IsRejectedNotStored()
    {
        var registry = new MetricRegistry(new MetricRegistryOptions { Namespace = "agentobs" });
        var pipeline = new IngestionPipeline(registry, MetricMapping.Load(registry, []));
        await using var log = EventLogFile.Open(new EventLogOptions { Directory = _directory, Fsync = false });
        pipeline.Attach(log);
        var json = Support.Task("a", "task:started", "2026-11-21T10:00:00Z", metadata: """{"notes":[{"text":"x\ud800y"}]}""");

        var result = await pipeline.IngestAsync(BatchSplitter.SplitJson(Support.Utf8(json)));

        Assert.Equal(ItemResult.Rejected, result.Items[0].Status);
        Assert.Contains("lone surrogate", result.Items[0].Reason, StringComparison.Ordinal);
        Assert.Equal(0, log.Status.RecordCount);
    }
}
