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
}
