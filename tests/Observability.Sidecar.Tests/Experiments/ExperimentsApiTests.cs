using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests.Experiments;

/// <summary>
/// The experiments API over real HTTP against a real sidecar, on histories seeded from the reference fixture
/// (reference/generate.py: SciPy and statsmodels): a variant that is better, one worse, one with no difference, a
/// broken split and one below the minimum sample; every answer checked live, after a restart from the snapshot and
/// after a full replay of the log.
/// </summary>
public sealed class ExperimentsApiTests
{
    private static readonly DateTimeOffset Finished = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Experiments_SeededHistories_MatchTheReferenceLiveAfterRestoreAndAfterReplay()
    {
        var fixture = ExperimentFixture.Load();
        using var directory = new TempDirectory("experiments");
        var data = directory.Combine("data");
        var answers = new Dictionary<string, string>();
        await using (var sidecar = await SidecarProcess.StartAsync(data))
        {
            foreach (var experiment in fixture.GetProperty("experiments").EnumerateArray())
            {
                await SeedAsync(sidecar, experiment);
            }

            foreach (var experiment in fixture.GetProperty("experiments").EnumerateArray())
            {
                var name = experiment.GetProperty("name").GetString()!;
                var answer = await ExperimentFixture.GetOkAsync(sidecar, $"/api/v1/experiments/{name}");
                Check(experiment, answer);
                answers[name] = answer.GetRawText();
            }

            var list = await ExperimentFixture.GetOkAsync(sidecar, "/api/v1/experiments");
            var better = list.GetProperty("experiments").EnumerateArray().Single(e => e.GetProperty("name").GetString() == "better");
            Assert.Equal("running", better.GetProperty("status").GetString());
            Assert.Equal("better", better.GetProperty("variants")[1].GetProperty("verdict").GetString());

            var metrics = await sidecar.ScrapeAsync();
            Assert.Equal(40, metrics.Value("agentobs_experiment_variant_units", "experiment", "better", "variant", "control"));
            Assert.Equal(0.7, metrics.Value("agentobs_experiment_variant_rate_ratio", "experiment", "better", "variant", "variant"));
            Assert.Equal(1, metrics.Value("agentobs_experiment_verdict", "experiment", "better", "variant", "variant", "verdict", "better", "p_value", "fixed_horizon"));
            Assert.Equal(0, metrics.Value("agentobs_experiment_verdict", "experiment", "better", "variant", "variant", "verdict", "no_difference", "p_value", "fixed_horizon"));
            Assert.Equal(1, metrics.Value("agentobs_experiment_sample_ratio_mismatch", "experiment", "broken-split"));
            Assert.Equal(0, await sidecar.StopAsync());
        }

        // Restored from the snapshot the clean stop wrote, then again from a full replay of the log.
        foreach (var arguments in new[] { Array.Empty<string>(), ["--Sidecar:Snapshot", "false"] })
        {
            await using var again = await SidecarProcess.StartAsync(new SidecarStart(data) { Arguments = arguments });
            foreach (var experiment in fixture.GetProperty("experiments").EnumerateArray())
            {
                var name = experiment.GetProperty("name").GetString()!;
                var answer = await ExperimentFixture.GetOkAsync(again, $"/api/v1/experiments/{name}");
                Check(experiment, answer);
                Assert.Equal(answers[name], answer.GetRawText());
            }

            Assert.Equal(0, await again.StopAsync());
        }
    }

    [Fact]
    public async Task Assign_SameUnitTwiceAndAfterRestart_IsStickyAndRecordsOneExposureThatAttributesTheUnit()
    {
        using var directory = new TempDirectory("assign");
        var data = directory.Combine("data");
        string variant;
        await using (var sidecar = await SidecarProcess.StartAsync(data))
        {
            var declared = await ExperimentFixture.PostJsonAsync(sidecar, "/api/v1/experiments", Declaration("sticky"));
            Assert.True(declared.Status == HttpStatusCode.Created, declared.ToString());
            var first = await ExperimentFixture.GetOkAsync(sidecar, "/api/v1/experiments/sticky/assign?unit=task-1");
            var second = await ExperimentFixture.GetOkAsync(sidecar, "/api/v1/experiments/sticky/assign?unit=task-1");
            variant = first.GetProperty("variant").GetString()!;
            Assert.Equal(variant, second.GetProperty("variant").GetString());
            Assert.Equal("accepted", first.GetProperty("exposure").GetProperty("status").GetString());
            Assert.Equal("duplicate", second.GetProperty("exposure").GetProperty("status").GetString());

            // The unit's outcome names no variant: the exposure places it.
            var posted = await sidecar.PostEventsAsync(TestEvents.Make(TestEvents.NewId("t"), "task:completed", "task-1", Finished, new JsonObject { ["taskType"] = "spec", ["project"] = "sticky" }));
            Assert.True(posted.Status == HttpStatusCode.OK, posted.ToString());
            var answer = await ExperimentFixture.GetOkAsync(sidecar, "/api/v1/experiments/sticky");
            var arm = answer.GetProperty("variants").EnumerateArray().Single(v => v.GetProperty("name").GetString() == variant);
            Assert.Equal(1, arm.GetProperty("n").GetInt64());
            Assert.Equal(1, arm.GetProperty("exposures").GetInt64());
            Assert.Equal(0, await sidecar.StopAsync());
        }

        await using var restarted = await SidecarProcess.StartAsync(data);
        var after = await ExperimentFixture.GetOkAsync(restarted, "/api/v1/experiments/sticky/assign?unit=task-1");
        Assert.Equal(variant, after.GetProperty("variant").GetString());
        Assert.Equal("duplicate", after.GetProperty("exposure").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Experiments_BadInput_AnswersProblemsNamingTheFieldAndKeepsServing()
    {
        using var directory = new TempDirectory("experiments-bad");
        await using var sidecar = await SidecarProcess.StartAsync(directory.Combine("data"));
        var cases = new (string Body, string Field)[]
        {
            ("""{"name":"x","dimension":"promptVariant","variants":[{"name":"a"},{"name":"b"}]}""", "variants"),
            ("""{"name":"x","dimension":"promptVariant","variants":[{"name":"a","control":true},{"name":"a"}]}""", "variants[1].name"),
            ("""{"name":"x","dimension":"promptVariant","variants":[{"name":"a","control":true,"weight":0},{"name":"b","weight":0}]}""", "variants"),
            ("""{"name":"x","dimension":"promptVariant","primaryMetric":"vibes","variants":[{"name":"a","control":true},{"name":"b"}]}""", "primaryMetric"),
            ("""{"name":"x","dimension":"temperature","variants":[{"name":"a","control":true},{"name":"b"}]}""", "dimension"),
            ("""{"name":"x","dimension":"model","filter":{"colour":"red"},"variants":[{"name":"a","control":true},{"name":"b"}]}""", "filter.colour"),
            ("""{"name":"x","dimension":"model","variants":[{"name":"a","control":true,"weight":"heavy"},{"name":"b"}]}""", "variants[0].weight"),
            ("""{"name":"x","dimension":"model","colour":"red"}""", "colour"),
        };
        foreach (var (body, field) in cases)
        {
            var response = await ExperimentFixture.PostJsonAsync(sidecar, "/api/v1/experiments", body);
            Assert.True(response.Status == HttpStatusCode.BadRequest, $"{body}: {response}");
            Assert.Equal("application/problem+json", response.ContentType);
            Assert.Equal(field, response.Json.GetProperty("field").GetString());
        }

        var goal = await ExperimentFixture.PostJsonAsync(sidecar, "/api/v1/goals", """{"name":"g","targetCount":0}""");
        Assert.Equal(HttpStatusCode.BadRequest, goal.Status);
        Assert.Equal("targetCount", goal.Json.GetProperty("field").GetString());

        foreach (var path in new[] { "/api/v1/experiments/missing", "/api/v1/experiments/missing/assign?unit=u", "/api/v1/goals/missing" })
        {
            var response = await sidecar.GetAsync(path);
            Assert.True(response.Status == HttpStatusCode.NotFound, $"{path}: {response}");
            Assert.Equal("application/problem+json", response.ContentType);
            Assert.Equal("name", response.Json.GetProperty("field").GetString());
        }

        Assert.Equal(HttpStatusCode.Created, (await ExperimentFixture.PostJsonAsync(sidecar, "/api/v1/experiments", Declaration("once"))).Status);
        Assert.Equal(HttpStatusCode.OK, (await ExperimentFixture.PostJsonAsync(sidecar, "/api/v1/experiments", Declaration("once"))).Status);
        var conflict = await ExperimentFixture.PostJsonAsync(sidecar, "/api/v1/experiments", Declaration("once", minimum: 50));
        Assert.Equal(HttpStatusCode.Conflict, conflict.Status);
        Assert.Equal("name", conflict.Json.GetProperty("field").GetString());
        var noUnit = await sidecar.GetAsync("/api/v1/experiments/once/assign");
        Assert.Equal(HttpStatusCode.BadRequest, noUnit.Status);
        Assert.Equal("unit", noUnit.Json.GetProperty("field").GetString());

        // An event naming an undeclared variant is stored and counted as such, visibly.
        var undeclared = TestEvents.Make(TestEvents.NewId("t"), "task:completed", "task-u", Finished, new JsonObject { ["taskType"] = "spec", ["project"] = "once", ["promptVariant"] = "v9" });
        Assert.Equal(1, (await sidecar.PostEventsAsync(undeclared)).Json.GetProperty("accepted").GetInt32());
        var answer = await ExperimentFixture.GetOkAsync(sidecar, "/api/v1/experiments/once");
        Assert.Equal("v9", answer.GetProperty("undeclared_variants")[0].GetProperty("value").GetString());
        Assert.Equal(1, answer.GetProperty("undeclared_variants")[0].GetProperty("n").GetInt64());
        Assert.DoesNotContain("v9", (await sidecar.ScrapeAsync()).Text, StringComparison.Ordinal);
        await sidecar.AssertStillServingAsync();
    }

    [Fact]
    public async Task Start_InvalidConfiguredExperiment_ExitsNamingTheKey()
    {
        using var directory = new TempDirectory("experiments-config");
        var (exitCode, output) = await SidecarProcess.RunToExitAsync(
            new SidecarStart(directory.Combine("data"))
            {
                Arguments =
                [
                    "--Experiments:Experiments:0:Name", "cfg", "--Experiments:Experiments:0:Dimension", "promptVariant",
                    "--Experiments:Experiments:0:Variants:0:Name", "a", "--Experiments:Experiments:0:Variants:1:Name", "b",
                ],
            },
            TimeSpan.FromSeconds(60));
        Assert.NotEqual(0, exitCode);
        Assert.Contains("Experiments:Experiments:0:variants", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ConfiguredExperiment_CountsTheWholeLog()
    {
        using var directory = new TempDirectory("experiments-configured");
        string[] configured =
        [
            "--Experiments:Experiments:0:Name", "cfg", "--Experiments:Experiments:0:Dimension", "skillVersion",
            "--Experiments:Experiments:0:Variants:0:Name", "s1", "--Experiments:Experiments:0:Variants:0:Control", "true",
            "--Experiments:Experiments:0:Variants:1:Name", "s2",
        ];
        await using var sidecar = await SidecarProcess.StartAsync(new SidecarStart(directory.Combine("data")) { Arguments = configured });
        await sidecar.PostEventsAsync(
            TestEvents.Make(TestEvents.NewId("t"), "task:completed", "c1", Finished, new JsonObject { ["skillVersion"] = "s2" }),
            TestEvents.Make(TestEvents.NewId("t"), "task:failed", "c2", Finished, new JsonObject { ["skillVersion"] = "s1", ["failureType"] = "timeout" }));
        var answer = await ExperimentFixture.GetOkAsync(sidecar, "/api/v1/experiments/cfg");
        Assert.Equal("configuration", answer.GetProperty("declared_by").GetString());
        Assert.Equal([1L, 1L], answer.GetProperty("variants").EnumerateArray().Select(v => v.GetProperty("n").GetInt64()));
        Assert.Equal([0L, 1L], answer.GetProperty("variants").EnumerateArray().Select(v => v.GetProperty("successes").GetInt64()));
    }

    internal static string Declaration(string name, int minimum = 20) => new JsonObject
    {
        ["name"] = name,
        ["dimension"] = "promptVariant",
        ["variants"] = new JsonArray(new JsonObject { ["name"] = "control", ["control"] = true }, new JsonObject { ["name"] = "variant" }),
        // Each experiment its own project: experiments on one dimension would otherwise all count the same tasks.
        ["filter"] = new JsonObject { ["taskType"] = "spec", ["project"] = name },
        ["guardrailMetrics"] = new JsonArray("duration"),
        ["minimumSamplePerArm"] = minimum,
    }.ToJsonString();

    private static async Task SeedAsync(SidecarProcess sidecar, JsonElement experiment)
    {
        var name = experiment.GetProperty("name").GetString()!;
        var declared = await ExperimentFixture.PostJsonAsync(sidecar, "/api/v1/experiments", Declaration(name));
        Assert.True(declared.Status == HttpStatusCode.Created, declared.ToString());

        var events = new List<JsonNode>();
        foreach (var arm in experiment.GetProperty("arms").EnumerateObject())
        {
            var variant = arm.Value.GetProperty("variant").GetString()!;
            var i = 0;
            foreach (var unit in arm.Value.GetProperty("units").EnumerateArray())
            {
                var success = unit.GetProperty("success").GetBoolean();
                var metadata = new JsonObject
                {
                    ["taskType"] = "spec",
                    ["project"] = name,
                    ["promptVariant"] = variant,
                    ["durationSeconds"] = unit.GetProperty("durationSeconds").GetDouble(),
                };
                if (!success)
                {
                    metadata["failureType"] = "test_failure";
                }

                events.Add(TestEvents.Make($"{name}-{variant}-{i}", success ? "task:completed" : "task:failed", $"{name}-{variant}-{i++}", Finished, metadata));
            }
        }

        var posted = await sidecar.PostEventsAsync([.. events]);
        Assert.True(posted.Status == HttpStatusCode.OK, posted.ToString());
        Assert.Equal(events.Count, posted.Json.GetProperty("accepted").GetInt32());
    }

    private static void Check(JsonElement experiment, JsonElement answer)
    {
        var name = experiment.GetProperty("name").GetString()!;
        var expected = experiment.GetProperty("expected");
        var variants = answer.GetProperty("variants");
        foreach (var (arm, index) in new[] { ("control", 0), ("variant", 1) })
        {
            var e = expected.GetProperty(arm);
            var a = variants[index];
            Assert.Equal(arm, a.GetProperty("name").GetString());
            Assert.Equal(e.GetProperty("n").GetInt64(), a.GetProperty("n").GetInt64());
            Assert.Equal(e.GetProperty("successes").GetInt64(), a.GetProperty("successes").GetInt64());
            ExperimentFixture.Close(e.GetProperty("rate").GetDouble(), a.GetProperty("rate"), $"{name}.{arm}.rate");
            ExperimentFixture.Close(e.GetProperty("rate_lower").GetDouble(), a.GetProperty("rate_interval").GetProperty("lower"), $"{name}.{arm}.rate_lower");
            ExperimentFixture.Close(e.GetProperty("rate_upper").GetDouble(), a.GetProperty("rate_interval").GetProperty("upper"), $"{name}.{arm}.rate_upper");
            var durations = a.GetProperty("duration");
            ExperimentFixture.Close(e.GetProperty("mean_seconds").GetDouble(), durations.GetProperty("mean_seconds"), $"{name}.{arm}.mean");
            ExperimentFixture.Close(e.GetProperty("median_seconds").GetDouble(), durations.GetProperty("median_seconds"), $"{name}.{arm}.median");
            ExperimentFixture.Close(e.GetProperty("geometric_mean_seconds").GetDouble(), durations.GetProperty("geometric_mean_seconds"), $"{name}.{arm}.gmean");
        }

        var comparison = answer.GetProperty("comparisons")[0];
        var rate = comparison.GetProperty("rate");
        ExperimentFixture.Close(expected.GetProperty("difference").GetDouble(), rate.GetProperty("difference"), $"{name}.difference");
        ExperimentFixture.Close(expected.GetProperty("difference_lower").GetDouble(), rate.GetProperty("interval").GetProperty("lower"), $"{name}.difference_lower");
        ExperimentFixture.Close(expected.GetProperty("difference_upper").GetDouble(), rate.GetProperty("interval").GetProperty("upper"), $"{name}.difference_upper");
        Assert.Equal(expected.GetProperty("test").GetString(), rate.GetProperty("test").GetString());
        ExperimentFixture.Close(expected.GetProperty("p_value").GetDouble(), rate.GetProperty("p_value"), $"{name}.p_value", 1e-6);
        var duration = comparison.GetProperty("duration");
        ExperimentFixture.Close(expected.GetProperty("duration_ratio").GetDouble(), duration.GetProperty("ratio"), $"{name}.duration_ratio");
        ExperimentFixture.Close(expected.GetProperty("duration_p_value").GetDouble(), duration.GetProperty("p_value"), $"{name}.duration_p_value");
        var srm = answer.GetProperty("sample_ratio");
        ExperimentFixture.Close(expected.GetProperty("chi_square").GetDouble(), srm.GetProperty("chi_square"), $"{name}.chi_square");
        ExperimentFixture.Close(expected.GetProperty("sample_ratio_p_value").GetDouble(), srm.GetProperty("p_value"), $"{name}.srm_p");
        Assert.Equal(expected.GetProperty("mismatch").GetBoolean(), srm.GetProperty("mismatch").GetBoolean());
        Assert.Equal(expected.GetProperty("verdict").GetString(), comparison.GetProperty("verdict").GetString());
    }
}
