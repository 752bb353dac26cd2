using Observability.EventLog;
using Observability.Ingestion.Batches;
using Observability.Ingestion.Mapping;
using Observability.Metrics;
using EventLogFile = Observability.EventLog.EventLog;

namespace Observability.Ingestion.Tests;

public sealed class IngestionPipelineTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ingestion-pipeline-").FullName;
    private readonly List<EventLogFile> _logs = [];

    public void Dispose()
    {
        foreach (var log in _logs)
        {
            log.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task IngestAsync_OneEventsMetricUpdatesThrow_AllStoredAndTheOthersCounted()
    {
        var registry = new MetricRegistry(new MetricRegistryOptions { Namespace = "agentobs" });
        var pipeline = new Pipeline(registry, MetricMapping.Load(registry, []));
        await using var log = pipeline.Open(new EventLogOptions { Directory = _directory, Fsync = false });
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
        var pipeline = new Pipeline(registry, MetricMapping.Load(registry, []));
        await using var log = pipeline.Open(new EventLogOptions { Directory = _directory, Fsync = false });

        var result = await pipeline.IngestAsync(BatchSplitter.SplitJson(Support.Utf8(Support.Task("a", "task:started", "2026-11-21T10:00:00Z"))));

        Assert.Equal(1, result.Accepted);
        Assert.Equal(0, Support.Sample(registry, "agentobs_events_unprojected_total"));
    }

    [Fact]
    public async Task IngestAsync_InvalidUtf8OrLoneSurrogate_RejectsThatItemAndKeepsTheOthers()
    {
        var registry = new MetricRegistry(new MetricRegistryOptions { Namespace = "agentobs" });
        var pipeline = new Pipeline(registry, MetricMapping.Load(registry, []));
        await using var log = pipeline.Open(new EventLogOptions { Directory = _directory, Fsync = false });
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
        var pipeline = new Pipeline(registry, MetricMapping.Load(registry, []));
        await using var log = pipeline.Open(new EventLogOptions { Directory = _directory, Fsync = false });
        var json = Support.Task("a", "task:started", "2026-11-21T10:00:00Z", metadata: """{"notes":[{"text":"x\ud800y"}]}""");

        var result = await pipeline.IngestAsync(BatchSplitter.SplitJson(Support.Utf8(json)));

        Assert.Equal(ItemResult.Rejected, result.Items[0].Status);
        Assert.Contains("lone surrogate", result.Items[0].Reason, StringComparison.Ordinal);
        Assert.Equal(0, log.Status.RecordCount);
    }

    [Fact]
    public async Task IngestAsync_EventsWrittenWithTheirLayout_CheckedStoredAndProjectedAsIfSent()
    {
        var registry = new MetricRegistry(new MetricRegistryOptions { Namespace = "agentobs" });
        var pipeline = new Pipeline(registry, MetricMapping.Load(registry, []));
        await using var log = pipeline.Open(new EventLogOptions { Directory = _directory, Fsync = false });
        BatchItem[] items =
        [
            Written(0, "a", "60"),
            Written(1, "b", "-1"),
            Written(2, "c", "\"\\ud800\""),
            Written(3, "d", "30"),
        ];

        var result = await pipeline.IngestAsync(items);

        Assert.Equal(
            [ItemResult.Accepted, ItemResult.Rejected, ItemResult.Rejected, ItemResult.Accepted],
            result.Items.Select(i => i.Status));
        Assert.Equal(("b", "metadata.durationSeconds"), (result.Items[1].Id, result.Items[1].Field));
        Assert.Contains("lone surrogate", result.Items[2].Reason, StringComparison.Ordinal);
        Assert.Equal(2, log.Status.RecordCount);
        Assert.Equal(2, Support.Sample(registry, """agentobs_task_total{agent_type="impl",task_type="spec",success="true"}"""));
        var sent = await pipeline.IngestAsync(BatchSplitter.SplitJson(Support.Utf8(Support.Task(
            "a", "task:completed", "2026-11-21T10:00:00Z", metadata: """{"taskType":"spec","durationSeconds":60}"""))));
        Assert.Equal(ItemResult.Duplicate, sent.Items[0].Status);
    }

    // A task:completed written as the inbound rules write envelopes: each property recorded around its name and value.
    private static BatchItem Written(int index, string id, string duration)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var layout = new Observability.Events.EventLayoutRecorder();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            void Property(string name, Action write)
            {
                writer.WritePropertyName(name);
                var entry = layout.Value(writer);
                write();
                layout.End(entry, writer);
            }

            writer.WriteStartObject();
            Property("id", () => writer.WriteStringValue(id));
            Property("timestamp", () => writer.WriteStringValue("2026-11-21T10:00:00Z"));
            Property("eventType", () => writer.WriteStringValue("task:completed"));
            Property("entityId", () => writer.WriteStringValue("T-" + id));
            Property("agent", () =>
            {
                writer.WriteStartObject();
                Property("model", () => writer.WriteStringValue("m1"));
                Property("role", () => writer.WriteStringValue("impl"));
                writer.WriteEndObject();
            });
            Property("metadata", () =>
            {
                writer.WriteStartObject();
                Property("taskType", () => writer.WriteStringValue("spec"));
                Property("durationSeconds", () => writer.WriteRawValue(duration, skipInputValidation: true));
                writer.WriteEndObject();
            });
            writer.WriteEndObject();
        }

        return BatchItem.Written(index, buffer.WrittenMemory, layout.ToLayout());
    }

    [Fact]
    public async Task IngestAsync_UpToAThousandItems_ListsEveryItemInOrder()
    {
        var pipeline = await OpenPipelineAsync();
        var lines = Enumerable.Range(0, BatchResult.MaxListedItems)
            .Select(i => i % 2 == 0 ? Support.Task($"e{i}", "task:started", "2026-11-21T10:00:00Z") : "[1]");

        var result = await pipeline.IngestAsync(BatchSplitter.SplitNdjson(Support.Utf8(string.Join('\n', lines))));

        Assert.False(result.Truncated);
        Assert.Equal((BatchResult.MaxListedItems, 500, 500), (result.Count, result.Accepted, result.Rejected));
        Assert.Equal(Enumerable.Range(0, BatchResult.MaxListedItems), result.Items.Select(i => i.Index));
        Assert.Equal("an event must be a JSON object, not an array", result.Items[1].Reason);
    }

    [Fact]
    public async Task IngestAsync_MoreThanAThousandItems_ListsOnlyTheFirstThousandRejectedAndCountsAll()
    {
        var pipeline = await OpenPipelineAsync();
        var lines = Enumerable.Range(0, 5000).Select(i => (i % 5) switch
        {
            0 => Support.Task($"e{i}", "task:started", "2026-11-21T10:00:00Z"),
            1 => Support.Task("e0", "task:started", "2026-11-21T10:00:00Z"),
            2 => "{\"id\":\"x\",}",
            3 => "nul",
            _ => Support.Task($"e{i}", "task:started", "not a time"),
        });

        var result = await pipeline.IngestAsync(BatchSplitter.SplitNdjson(Support.Utf8(string.Join('\n', lines))));

        Assert.True(result.Truncated);
        Assert.Equal((5000, 1000, 1000, 3000), (result.Count, result.Accepted, result.Duplicates, result.Rejected));
        Assert.Equal(BatchResult.MaxListedItems, result.Items.Count);
        Assert.All(result.Items, i => Assert.Equal(ItemResult.Rejected, i.Status));
        Assert.Equal(Enumerable.Range(0, 5000).Where(i => i % 5 >= 2).Take(BatchResult.MaxListedItems), result.Items.Select(i => i.Index));

        // The malformed items after the first few are checked before parsing; their reasons read the same.
        Assert.Equal("malformed JSON at byte 11: expected a property name in double quotes, found '}'", result.Items[0].Reason);
        var byIndex = result.Items.ToDictionary(i => i.Index);
        Assert.Equal(result.Items[0].Reason, byIndex[1667].Reason);
        Assert.Equal("malformed JSON at byte 1: expected 'null'", byIndex[1663].Reason);
        Assert.Equal(("timestamp", "e1664"), (byIndex[1664].Field, byIndex[1664].Id));
    }

    [Fact]
    public async Task IngestAsync_IdRepeatedInTheBatch_FirstIsStoredAndEachRepeatIsADuplicate()
    {
        var pipeline = await OpenPipelineAsync();
        string[] lines =
        [
            Support.Task("a", "task:started", "2026-11-21T10:00:00Z"), Support.Task("b", "task:started", "2026-11-21T10:00:00Z"),
            Support.Task("a", "task:started", "2026-11-21T10:00:01Z"), Support.Task("a", "task:started", "not a time"),
            Support.Task("b", "task:started", "2026-11-21T10:00:02Z"),
        ];

        var result = await pipeline.IngestAsync(BatchSplitter.SplitNdjson(Support.Utf8(string.Join('\n', lines))));

        Assert.Equal(
            [(ItemResult.Accepted, "a"), (ItemResult.Accepted, "b"), (ItemResult.Duplicate, "a"), (ItemResult.Rejected, "a"), (ItemResult.Duplicate, "b")],
            result.Items.Select(i => (i.Status, i.Id)));
        Assert.Equal((2, 2, 1), (result.Accepted, result.Duplicates, result.Rejected));
        Assert.Equal(2, pipeline.StoredIds);
    }

    [Fact]
    public async Task IngestAsync_GroupsStoredWhileTheHostIsBehind_EachEventIsAppliedWithItsOwnMetadata()
    {
        var registry = new MetricRegistry(new MetricRegistryOptions { Namespace = "agentobs" });
        var pipeline = new Pipeline(registry, MetricMapping.Load(registry, []));
        await using var log = pipeline.Open(new EventLogOptions { Directory = _directory, Fsync = false });

        // The host falls behind the writer, so later groups are read while earlier ones wait to be applied: the metadata
        // of a group's events must stay where it was read until the host is done with them.
        pipeline.BeforeProject = e =>
        {
            if (e.Id.EndsWith("-0", StringComparison.Ordinal))
            {
                Thread.Sleep(100);
            }
        };
        const int Requests = 4;
        const int PerRequest = 700;
        for (var r = 0; r < Requests; r++)
        {
            var body = string.Join('\n', Enumerable.Range(0, PerRequest).Select(i => Support.Task(
                $"r{r}-{i}", "task:completed", "2026-11-21T10:00:00Z", entity: $"T-{r}-{i}",
                metadata: $$"""{"a":1,"b":"x","c":true,"d":null,"e":[1],"f":{"g":2},"stage":"s{{i % 3}}","taskType":"t{{r}}","durationSeconds":{{i}}}""")));
            Assert.Equal(PerRequest, (await pipeline.Writer.IngestAsync(BatchSplitter.SplitNdjson(Support.Utf8(body)))).Accepted);
        }

        Assert.True(await pipeline.Host.WaitForAsync(log.Status.NextSequence, TimeSpan.FromSeconds(30)));
        for (var r = 0; r < Requests; r++)
        {
            Assert.Equal(PerRequest, Support.Sample(registry, $$"""agentobs_task_total{agent_type="impl",task_type="t{{r}}",success="true"}"""));
            for (var stage = 0; stage < 3; stage++)
            {
                var durations = Enumerable.Range(0, PerRequest).Where(i => i % 3 == stage).ToList();
                var series = $$"""agent_type="impl",task_type="t{{r}}",stage="s{{stage}}",success="true"}""";
                Assert.Equal(durations.Count, Support.Sample(registry, "agentobs_task_duration_seconds_count{" + series));
                Assert.Equal(durations.Sum(), Support.Sample(registry, "agentobs_task_duration_seconds_sum{" + series));
            }
        }
    }

    private async Task<Pipeline> OpenPipelineAsync()
    {
        var registry = new MetricRegistry(new MetricRegistryOptions { Namespace = "agentobs" });
        var pipeline = new Pipeline(registry, MetricMapping.Load(registry, []));
        var log = pipeline.Open(new EventLogOptions { Directory = _directory, Fsync = false });
        _logs.Add(log);
        await Task.CompletedTask;
        return pipeline;
    }
}
