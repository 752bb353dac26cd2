using Observability.Ingestion.Mapping;
using Observability.Ingestion.Projection;
using Observability.Metrics;

namespace Observability.Ingestion.Tests.Projection;

public sealed class MetricProjectorTests
{
    private readonly MetricRegistry _registry = new(new MetricRegistryOptions { Namespace = "t" });
    private readonly Projector _projector;

    public MetricProjectorTests() => _projector = new Projector(_registry, MetricMapping.Load(_registry, [])) { Metrics = { Exemplars = true } };

    [Fact]
    public void Project_CompletedAfterStarted_ObservesCycleTimeFromStart()
    {
        Project(Support.Task("1", "task:started", "2025-12-07T10:10:00Z", metadata: """{"taskType":"impl","stage":"build"}"""));
        Project(Support.Task("2", "task:completed", "2025-12-07T10:30:00Z", metadata: """{"taskType":"impl","stage":"build"}"""));

        const string labels = "agent_type=\"impl\",task_type=\"impl\",stage=\"build\",success=\"true\"";
        Assert.Equal(1200, Sample($"t_task_duration_seconds_sum{{{labels}}}"));
        Assert.Equal(0, Sample($"t_task_duration_seconds_bucket{{{labels},le=\"900\"}}"));
        Assert.Equal(1, Sample($"t_task_duration_seconds_bucket{{{labels},le=\"1800\"}}"));
        Assert.Equal(1, Sample("t_task_total{agent_type=\"impl\",task_type=\"impl\",success=\"true\"}"));
        Assert.Equal(0, _projector.OpenItems);
    }

    [Fact]
    public void Project_ExplicitDuration_WinsOverDerived()
    {
        Project(Support.Task("1", "task:started", "2025-12-07T10:10:00Z"));
        Project(Support.Task("2", "task:completed", "2025-12-07T10:30:00Z", metadata: """{"durationSeconds":90}"""));

        Assert.Equal(90, Sample("t_task_duration_seconds_sum{agent_type=\"impl\",task_type=\"unknown\",stage=\"unknown\",success=\"true\"}"));
    }

    [Fact]
    public void Project_CompletedWithoutStart_CountsButObservesNoDuration()
    {
        Project(Support.Task("2", "task:completed", "2025-12-07T10:30:00Z"));

        Assert.Equal(1, Sample("t_task_total{agent_type=\"impl\",task_type=\"unknown\",success=\"true\"}"));
        Assert.Null(Sample("t_task_duration_seconds_count{agent_type=\"impl\",task_type=\"unknown\",stage=\"unknown\",success=\"true\"}"));
    }

    [Fact]
    public void Project_FailedTask_CountsFailureAndLowersAiSuccessRate()
    {
        Project(Support.Task("1", "task:completed", "2025-12-07T10:00:00Z", "A"));
        Project(Support.Task("2", "task:completed", "2025-12-07T10:00:00Z", "B"));
        Project(Support.Task("3", "task:completed", "2025-12-07T10:00:00Z", "C", metadata: """{"success":false}"""));
        Project(Support.Task("4", "task:failed", "2025-12-07T10:00:00Z", "D", metadata: """{"failureType":"timeout","stage":"test"}"""));

        Assert.Equal(0.5, Sample("t_ai_success_rate{agent_type=\"impl\"}"));
        Assert.Equal(2, Sample("t_task_total{agent_type=\"impl\",task_type=\"unknown\",success=\"false\"}"));
        Assert.Equal(1, Sample("t_task_failures_total{stage=\"test\",failure_type=\"timeout\"}"));
        Assert.Equal(1, Sample("t_task_failures_total{stage=\"unknown\",failure_type=\"unspecified\"}"));
    }

    [Fact]
    public void Project_MoreOutcomesThanWindow_RateCoversOnlyTheLastHundred()
    {
        for (var i = 0; i < 100; i++)
        {
            Project(Support.Task($"f{i}", "task:failed", "2025-12-07T10:00:00Z", $"F{i}", metadata: """{"failureType":"x"}"""));
        }

        for (var i = 0; i < 75; i++)
        {
            Project(Support.Task($"s{i}", "task:completed", "2025-12-07T10:00:00Z", $"S{i}"));
        }

        Assert.Equal(0.75, Sample("t_ai_success_rate{agent_type=\"impl\"}"));
    }

    [Fact]
    public void Project_PipelineStages_TimedPerStageAndFailuresCounted()
    {
        Project("""{"id":"1","timestamp":"2025-12-07T10:00:00Z","eventType":"pipeline:started","entityId":"run-1","metadata":{"stage":"build"}}""");
        Project("""{"id":"2","timestamp":"2025-12-07T10:00:10Z","eventType":"pipeline:started","entityId":"run-1","metadata":{"stage":"test"}}""");
        Project("""{"id":"3","timestamp":"2025-12-07T10:00:45Z","eventType":"pipeline:completed","entityId":"run-1","metadata":{"stage":"build","success":true}}""");
        Project("""{"id":"4","timestamp":"2025-12-07T10:02:10Z","eventType":"pipeline:completed","entityId":"run-1","metadata":{"stage":"test","success":false,"failureType":"flaky_test"}}""");

        Assert.Equal(45, Sample("t_pipeline_duration_seconds_sum{stage=\"build\",success=\"true\"}"));
        Assert.Equal(120, Sample("t_pipeline_duration_seconds_sum{stage=\"test\",success=\"false\"}"));
        Assert.Equal(1, Sample("t_pipeline_failures_total{stage=\"test\",failure_type=\"flaky_test\"}"));
        Assert.Null(Sample("t_pipeline_failures_total{stage=\"build\",failure_type=\"unspecified\"}"));
    }

    [Fact]
    public void Project_RequestAndDefect_DeriveLeadTimeMttdAndMttr()
    {
        Project("""{"id":"1","timestamp":"2025-12-07T10:00:00Z","eventType":"request:created","entityId":"CR-1"}""");
        Project("""{"id":"2","timestamp":"2025-12-08T10:00:00Z","eventType":"request:closed","entityId":"CR-1"}""");
        Project("""{"id":"3","timestamp":"2025-12-07T12:00:00Z","eventType":"defect:detected","entityId":"BUG-1","metadata":{"severity":"high","introducedAt":"2025-12-07T06:00:00Z","escaped":true}}""");
        Project("""{"id":"4","timestamp":"2025-12-07T16:00:00Z","eventType":"defect:resolved","entityId":"BUG-1","metadata":{"severity":"high"}}""");

        Assert.Equal(86400, Sample("t_request_lead_time_seconds_sum"));
        Assert.Equal(21600, Sample("t_defect_detection_seconds_sum"));
        Assert.Equal(14400, Sample("t_defect_resolution_seconds_sum"));
        Assert.Equal(1, Sample("t_defects_detected_total{severity=\"high\",escaped=\"true\"}"));
    }

    [Fact]
    public void Project_MergesAndTokens_FeedSeed004AndCostFamilies()
    {
        Project("""{"id":"1","timestamp":"2025-12-07T10:00:00Z","eventType":"workitem:merged","entityId":"W-1","metadata":{"attempts":1,"project":"p1"}}""");
        Project("""{"id":"2","timestamp":"2025-12-07T10:00:00Z","eventType":"workitem:merged","entityId":"W-2","metadata":{"attempts":3,"project":"p1","finalVerdict":"rebase_conflict"}}""");
        Project("""{"id":"3","timestamp":"2025-12-07T10:00:00Z","eventType":"llm:call","entityId":"c-1","agent":{"model":"opus","tokens":{"input":1000,"output":250}},"metadata":{"costUsd":0.05,"wsExecutionId":"ws-1"}}""");

        Assert.Equal(1, Sample("t_merges_total{project=\"p1\",first_pass=\"true\",rebase_conflict=\"false\"}"));
        Assert.Equal(1, Sample("t_merges_total{project=\"p1\",first_pass=\"false\",rebase_conflict=\"true\"}"));
        Assert.Equal(4, Sample("t_merge_attempts_sum{project=\"p1\"}"));
        Assert.Equal(1000, Sample("t_llm_tokens_total{model=\"opus\",direction=\"input\"}"));
        Assert.Equal(250, Sample("t_llm_tokens_total{model=\"opus\",direction=\"output\"}"));
        Assert.Equal(0.05, Sample("t_llm_cost_usd_total{model=\"opus\"}"));
    }

    [Fact]
    public void Project_SecondMergeOfAWorkItem_IsCountedAsARepeatNotAMerge()
    {
        Project("""{"id":"1","timestamp":"2025-12-07T10:00:00Z","eventType":"workitem:merged","entityId":"W-1","metadata":{"attempts":1,"project":"p1"}}""");
        Project("""{"id":"2","timestamp":"2025-12-07T11:00:00Z","eventType":"workitem:merged","entityId":"W-1","metadata":{"attempts":4,"project":"p1"}}""");
        Project("""{"id":"3","timestamp":"2025-12-07T12:00:00Z","eventType":"workitem:merged","entityId":"W-1","metadata":{"attempts":2,"project":"p2"}}""");

        Assert.Equal(1, Sample("t_merges_total{project=\"p1\",first_pass=\"true\",rebase_conflict=\"false\"}"));
        Assert.Null(Sample("t_merges_total{project=\"p1\",first_pass=\"false\",rebase_conflict=\"false\"}"));
        Assert.Equal(1, Sample("t_merge_attempts_count{project=\"p1\"}"));
        Assert.Equal(1, Sample("t_merges_repeated_total{project=\"p1\"}"));
        Assert.Equal(1, Sample("t_merges_total{project=\"p2\",first_pass=\"false\",rebase_conflict=\"false\"}"));
        Assert.Null(Sample("t_merges_repeated_total{project=\"p2\"}"));
    }

    [Fact]
    public void Project_ReplayedValuesBeyondTheirBounds_AreLeftOutAsIfAbsent()
    {
        // A log written before the bounds: replay reads it without the catalogue, and must not sum what it refuses now.
        Replay("""{"id":"1","timestamp":"2025-12-07T10:00:00Z","eventType":"workitem:merged","entityId":"W-1","metadata":{"attempts":1e30,"project":"p1"}}""");
        Replay("""{"id":"2","timestamp":"2025-12-07T10:00:00Z","eventType":"llm:call","entityId":"c-1","agent":{"model":"opus","tokens":{"input":9000000000000000000,"output":1e2}},"metadata":{"costUsd":1.7e308}}""");
        Replay("""{"id":"3","timestamp":"2025-12-07T10:00:00Z","eventType":"task:completed","entityId":"T-9","agent":{"model":"m","role":"impl"},"metadata":{"taskType":"big","durationSeconds":1e300}}""");

        Assert.Null(Sample("t_merge_attempts_count{project=\"p1\"}"));
        Assert.Null(Sample("t_merges_total{project=\"p1\",first_pass=\"false\",rebase_conflict=\"false\"}"));
        Assert.Null(Sample("t_llm_tokens_total{model=\"opus\",direction=\"input\"}"));
        Assert.Equal(100, Sample("t_llm_tokens_total{model=\"opus\",direction=\"output\"}"));
        Assert.Null(Sample("t_llm_cost_usd_total{model=\"opus\"}"));
        Assert.Equal(1, Sample("t_task_total{agent_type=\"impl\",task_type=\"big\",success=\"true\"}"));
        Assert.Null(Sample("t_task_duration_seconds_count{agent_type=\"impl\",task_type=\"big\",stage=\"unknown\",success=\"true\"}"));
    }

    [Fact]
    public void WriteTo_MergedWorkItems_SurviveARestore()
    {
        Project("""{"id":"1","timestamp":"2025-12-07T10:00:00Z","eventType":"workitem:merged","entityId":"W-1","metadata":{"attempts":1,"project":"p1"}}""");
        using var state = new MemoryStream();
        using (var writer = new BinaryWriter(state, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            _projector.WriteTo(writer);
        }

        var registry = new MetricRegistry(new MetricRegistryOptions { Namespace = "t" });
        var restored = new Projector(registry, MetricMapping.Load(registry, []));
        state.Position = 0;
        using (var reader = new BinaryReader(state))
        {
            restored.ReadFrom(reader);
        }

        using var again = Support.Event("""{"id":"2","timestamp":"2025-12-07T11:00:00Z","eventType":"workitem:merged","entityId":"W-1","metadata":{"attempts":2,"project":"p1"}}""");
        restored.Project(again);

        Assert.Equal(1, Support.Sample(registry, "t_merges_repeated_total{project=\"p1\"}"));
        Assert.Equal(1, Support.Sample(registry, "t_merge_attempts_count{project=\"p1\"}"));
    }

    [Fact]
    public void Daily_OutcomesInsideAndOutside24Hours_OnlyRecentCount()
    {
        Project(Support.Task("1", "task:started", "2025-12-07T10:00:00Z", "A"));
        Project(Support.Task("2", "task:completed", "2025-12-07T10:10:00Z", "A"));
        Project(Support.Task("3", "task:failed", "2025-12-07T11:00:00Z", "B", metadata: """{"failureType":"x","durationSeconds":30}"""));
        Project(Support.Task("4", "task:completed", "2025-12-05T11:00:00Z", "C"));

        var summary = _projector.Daily.Summarize(new DateTimeOffset(2025, 12, 7, 12, 0, 0, TimeSpan.Zero));

        Assert.Equal(1, summary.TasksCompleted);
        Assert.Equal(2, summary.Outcomes);
        Assert.Equal(0.5, summary.SuccessRate);
        Assert.Equal(315, summary.AverageDurationSeconds);
    }

    private void Project(string json)
    {
        using var e = Support.Event(json);
        _projector.Project(e);
    }

    private void Replay(string json)
    {
        // As the host reads the log at start-up: by the log's rules, without exemplars.
        Assert.True(Observability.Events.StoredEventReader.TryRead(System.Text.Encoding.UTF8.GetBytes(json), 0, out var e));
        _projector.Metrics.Exemplars = false;
        _projector.Project(new TestEvent(e));
        _projector.Metrics.Exemplars = true;
    }

    private double? Sample(string series) => Support.Sample(_registry, series);
}
