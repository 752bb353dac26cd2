using System.Text.Json;
using Observability.Cli.Tests.Support;
using Observability.Sidecar.Tests.Support;

namespace Observability.Cli.Tests;

/// <summary>
/// <c>agentobs import --from-git</c> run as a process on real repositories the tests build with <c>git</c>: the events
/// each history implies, written out by hand, then imported into a real sidecar (twice: the second adds nothing).
/// </summary>
public sealed class GitImportTests
{
    [Fact]
    public async Task FromGit_MovesRenameReworkMergeAndDelete_EventsAsWrittenByHand()
    {
        using var directory = new TempDirectory("git-import");
        var (repository, c) = BuildHistory(directory.Combine("repo"));

        var run = await CliProcess.RunAsync("import", "--from-git", repository.Path, "--dry-run", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        string[] expected =
        [
            $"{c[1]} 2025-12-07T10:00:00Z request:created CR-20251207-011 - requests/todo/CR-20251207-011.md",
            $"{c[1]} 2025-12-07T10:00:00Z chain:created CHAIN-031 - tasks/CHAIN-031",
            $"{c[1]} 2025-12-07T10:00:00Z task:created 001-create-adr CHAIN-031 tasks/CHAIN-031/todo/001-create-adr.md",
            $"{c[1]} 2025-12-07T10:00:00Z task:created 002-write-code CHAIN-031 tasks/CHAIN-031/todo/002-write-code.md",
            $"{c[2]} 2025-12-07T10:10:00Z task:started 001-create-adr CHAIN-031 tasks/CHAIN-031/in-progress/001-create-adr.md",
            $"{c[3]} 2025-12-07T10:30:00Z task:completed 001-create-adr CHAIN-031 tasks/CHAIN-031/done/001-create-adr.md",

            // c[4] renames 002 in place and edits README.md: nothing. The branch's move comes with its own commit's
            // time (11:00, +01:00 in the commit) and hash; main's request at 11:05; the merge commit itself adds nothing.
            $"{c[5]} 2025-12-07T10:00:00Z task:started 002-write-the-code CHAIN-031 tasks/CHAIN-031/in-progress/002-write-the-code.md",
            $"{c[6]} 2025-12-07T11:05:00Z request:created FR-20251208-002 - requests/todo/FR-20251208-002.md",
            $"{c[8]} 2025-12-07T11:20:00Z task:completed 002-write-the-code CHAIN-031 tasks/CHAIN-031/done/002-write-the-code.md",
            $"{c[8]} 2025-12-07T11:20:00Z chain:completed CHAIN-031 - tasks/CHAIN-031",

            // Back out of done/: a rework (not a start); done again: completed again, and so is the chain.
            $"{c[9]} 2025-12-07T11:30:00Z task:rework 001-create-adr CHAIN-031 tasks/CHAIN-031/in-progress/001-create-adr.md",
            $"{c[10]} 2025-12-07T11:45:00Z task:completed 001-create-adr CHAIN-031 tasks/CHAIN-031/done/001-create-adr.md",
            $"{c[10]} 2025-12-07T11:45:00Z chain:completed CHAIN-031 - tasks/CHAIN-031",
            $"{c[11]} 2025-12-07T12:00:00Z request:closed CR-20251207-011 - requests/done/CR-20251207-011.md",
            $"{c[12]} 2025-12-07T12:10:00Z chain:created CHAIN-040 - tasks/CHAIN-040",
            $"{c[12]} 2025-12-07T12:10:00Z task:created 001-spike CHAIN-040 tasks/CHAIN-040/todo/001-spike.md",
            $"{c[12]} 2025-12-07T12:10:00Z task:created 002-dropped CHAIN-040 tasks/CHAIN-040/todo/002-dropped.md",
            $"{c[13]} 2025-12-07T12:20:00Z task:completed 001-spike CHAIN-040 tasks/CHAIN-040/done/001-spike.md",

            // Deleting the one open task leaves every task of CHAIN-040 done: the chain completes with the deletion.
            $"{c[14]} 2025-12-07T12:30:00Z chain:completed CHAIN-040 - tasks/CHAIN-040",
        ];
        var items = run.Json.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(expected, items.Select(Describe));
        Assert.All(items, e =>
        {
            Assert.Equal("git-import", e.GetProperty("source").GetString());
            Assert.Equal(e.GetProperty("eventType").GetString()![..e.GetProperty("eventType").GetString()!.IndexOf(':', StringComparison.Ordinal)], e.GetProperty("entityType").GetString());
        });
        Assert.Equal(items.Count, items.Select(e => e.GetProperty("id").GetString()).Distinct().Count());
        Assert.Equal(14, run.Json.GetProperty("commits").GetInt32());
        Assert.Equal(expected.Length, run.Json.GetProperty("events").GetInt32());
        Assert.Equal(4, run.Json.GetProperty("by_type").GetProperty("task:completed").GetInt32());

        // Text: the events as JSONL (the same ids), the summary on stderr.
        var text = await CliProcess.RunAsync("import", "--from-git", repository.Path, "--dry-run");
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Equal(items.Select(e => e.GetProperty("id").GetString()), text.StandardOutput.Split('\n').Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()));
        Assert.Contains($"{repository.Path}: 14 commits, {expected.Length} events (chain:completed 3, chain:created 2, request:closed 1, request:created 2, task:completed 4, task:created 4, task:rework 1, task:started 2): would be imported (dry run)", text.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FromGit_IntoSidecar_SecondImportAddsNothingAndSinceLeavesOutEarlierCommits()
    {
        using var directory = new TempDirectory("git-import-sidecar");
        var (repository, _) = BuildHistory(directory.Combine("repo"));
        await using var sidecar = await SidecarProcess.StartAsync(directory.Combine("data"));
        var url = sidecar.BaseAddress.ToString();

        var first = await CliProcess.RunAsync("import", "--from-git", repository.Path, "--url", url, "--batch-size", "7", "--json");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(19, first.Json.GetProperty("accepted").GetInt32());
        Assert.Equal(3, first.Json.GetProperty("batches").GetInt32());
        Assert.Equal(0, first.Json.GetProperty("duplicates").GetInt32());

        var second = await CliProcess.RunAsync("import", "--from-git", repository.Path, "--url", url);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.EndsWith("task:started 2): 0 accepted, 19 duplicates, 0 rejected", second.StandardOutput, StringComparison.Ordinal);

        // From 11:30 on: the rework and what follows (9 events); the whole history is still read for the state.
        var since = await CliProcess.RunAsync("import", "--from-git", repository.Path, "--url", url, "--since", "2025-12-07T11:30:00Z", "--json");
        Assert.True(since.ExitCode == 0, since.ToString());
        Assert.Equal(9, since.Json.GetProperty("events").GetInt32());
        Assert.Equal(10, since.Json.GetProperty("before_since").GetInt32());
        Assert.Equal(9, since.Json.GetProperty("duplicates").GetInt32());

        var metrics = await sidecar.ScrapeAsync();
        Assert.Equal(19, metrics.Value("agentobs_events_received_total", "outcome", "accepted"));
        var summary = await CliProcess.RunAsync("summary", "--url", url, "--json");
        Assert.True(summary.ExitCode == 0, summary.ToString());
        Assert.Equal(1, summary.Json.GetProperty("tasks").GetProperty("reworked").GetInt32());
    }

    [Fact]
    public async Task FromGit_OwnLayoutWithStateFolderOutside_EventsOfItsRules()
    {
        using var directory = new TempDirectory("git-import-layout");
        var repository = new GitRepository(directory.Combine("repo"));
        repository.Write("work/todo/CHAIN-7/T-1.txt");
        var one = repository.Commit("2026-01-02T09:00:00Z");
        repository.Move("work/todo/CHAIN-7/T-1.txt", "work/shipped/CHAIN-7/T-1.txt");
        var two = repository.Commit("2026-01-02T10:00:00Z");
        var layout = directory.Combine("layout.yaml");
        await File.WriteAllTextAsync(layout, """
            rules:
              - { path: "work/todo/{chain}/{id:T-*}.txt", event: "task:created" }
              - { path: "work/shipped/{chain}/{id:T-*}.txt", event: "task:completed", final: true }
            chains:
              completed: "chain:completed"
            """);

        var run = await CliProcess.RunAsync("import", "--from-git", repository.Path, "--layout", layout, "--dry-run", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(
            [
                $"{one} 2026-01-02T09:00:00Z task:created T-1 CHAIN-7 work/todo/CHAIN-7/T-1.txt",
                $"{two} 2026-01-02T10:00:00Z task:completed T-1 CHAIN-7 work/shipped/CHAIN-7/T-1.txt",
                $"{two} 2026-01-02T10:00:00Z chain:completed CHAIN-7 - work/shipped/CHAIN-7",
            ],
            run.Json.GetProperty("items").EnumerateArray().Select(Describe));
    }

    [Theory]
    [InlineData("rules: []", "rules: at least one rule")]
    [InlineData("rules:\n  - { path: \"a/{id}.md\", event: \"Task Done\" }", "rules[0].event: 'Task Done' is not an event type")]
    [InlineData("rules:\n  - { path: \"a/b.md\", event: \"task:created\" }", "rules[0].path: 'a/b.md' has no {id}")]
    [InlineData("rules:\n  - { path: \"a/{id}.md\", event: \"task:created\" }\nrework:\n  task: \"chain:rework\"", "rework.task: 'chain:rework' is not a task event")]
    [InlineData("rules: [ {", "line")]
    public async Task FromGit_BadLayout_ExitCode2NamingTheField(string yaml, string message)
    {
        using var directory = new TempDirectory("git-import-bad-layout");
        var repository = new GitRepository(directory.Combine("repo"));
        var layout = directory.Combine("layout.yaml");
        await File.WriteAllTextAsync(layout, yaml);

        var run = await CliProcess.RunAsync("import", "--from-git", repository.Path, "--layout", layout, "--dry-run");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--layout", run.StandardError, StringComparison.Ordinal);
        Assert.Contains(message, run.StandardError, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.StandardOutput);
    }

    [Fact]
    public async Task FromGit_NotARepository_ExitCode2NamingItAndNothingSent()
    {
        using var directory = new TempDirectory("git-import-not-repo");
        var folder = directory.Combine("plain");
        Directory.CreateDirectory(folder);

        // Nothing listens there: had the CLI tried to send, it would say it cannot reach the sidecar (exit code 1).
        var run = await CliProcess.RunAsync("import", "--from-git", folder, "--url", $"http://127.0.0.1:{FreePort.Next()}");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains($"{folder} is not a git repository", run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("cannot reach", run.StandardError, StringComparison.Ordinal);
        var missing = await CliProcess.RunAsync("import", "--from-git", directory.Combine("absent"), "--dry-run");
        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.Contains("does not exist", missing.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FromGit_EmptyRepository_NoEventsExitCode0()
    {
        using var directory = new TempDirectory("git-import-empty");
        var repository = new GitRepository(directory.Combine("repo"));

        var run = await CliProcess.RunAsync("import", "--from-git", repository.Path, "--dry-run", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(0, run.Json.GetProperty("commits").GetInt32());
        Assert.Equal(0, run.Json.GetProperty("items").GetArrayLength());
    }

    /// <summary>The history the first two tests read; the hashes by commit number (c[7] is the merge).</summary>
    private static (GitRepository Repository, Dictionary<int, string> Commits) BuildHistory(string path)
    {
        var r = new GitRepository(path);
        var c = new Dictionary<int, string>();
        r.Write("README.md", "readme\n");
        r.Write("requests/todo/CR-20251207-011.md", "request\n");
        r.Write("tasks/CHAIN-031/todo/001-create-adr.md", "adr\n");
        r.Write("tasks/CHAIN-031/todo/002-write-code.md", "code\n");
        c[1] = r.Commit("2025-12-07T10:00:00Z");
        r.Move("tasks/CHAIN-031/todo/001-create-adr.md", "tasks/CHAIN-031/in-progress/001-create-adr.md");
        c[2] = r.Commit("2025-12-07T10:10:00Z");
        r.Move("tasks/CHAIN-031/in-progress/001-create-adr.md", "tasks/CHAIN-031/done/001-create-adr.md");
        c[3] = r.Commit("2025-12-07T10:30:00Z");
        r.Move("tasks/CHAIN-031/todo/002-write-code.md", "tasks/CHAIN-031/todo/002-write-the-code.md");
        r.Write("README.md", "readme, edited\n");
        c[4] = r.Commit("2025-12-07T10:40:00Z");

        r.Git("checkout", "-q", "-b", "feature");
        r.Move("tasks/CHAIN-031/todo/002-write-the-code.md", "tasks/CHAIN-031/in-progress/002-write-the-code.md");
        c[5] = r.Commit("2025-12-07T11:00:00+01:00");
        r.Git("checkout", "-q", "main");
        r.Write("requests/todo/FR-20251208-002.md", "feature request\n");
        c[6] = r.Commit("2025-12-07T11:05:00Z");
        c[7] = r.Merge("feature", "2025-12-07T11:10:00Z");

        r.Move("tasks/CHAIN-031/in-progress/002-write-the-code.md", "tasks/CHAIN-031/done/002-write-the-code.md");
        c[8] = r.Commit("2025-12-07T11:20:00Z");
        r.Move("tasks/CHAIN-031/done/001-create-adr.md", "tasks/CHAIN-031/in-progress/001-create-adr.md");
        c[9] = r.Commit("2025-12-07T11:30:00Z");
        r.Move("tasks/CHAIN-031/in-progress/001-create-adr.md", "tasks/CHAIN-031/done/001-create-adr.md");
        c[10] = r.Commit("2025-12-07T11:45:00Z");
        r.Move("requests/todo/CR-20251207-011.md", "requests/done/CR-20251207-011.md");
        c[11] = r.Commit("2025-12-07T12:00:00Z");
        r.Write("tasks/CHAIN-040/todo/001-spike.md", "spike\n");
        r.Write("tasks/CHAIN-040/todo/002-dropped.md", "dropped\n");
        c[12] = r.Commit("2025-12-07T12:10:00Z");
        r.Move("tasks/CHAIN-040/todo/001-spike.md", "tasks/CHAIN-040/done/001-spike.md");
        c[13] = r.Commit("2025-12-07T12:20:00Z");
        r.Remove("tasks/CHAIN-040/todo/002-dropped.md");
        c[14] = r.Commit("2025-12-07T12:30:00Z");
        return (r, c);
    }

    private static string Describe(JsonElement e) =>
        string.Join(
            ' ',
            e.GetProperty("metadata").GetProperty("commit").GetString(),
            e.GetProperty("timestamp").GetString(),
            e.GetProperty("eventType").GetString(),
            e.GetProperty("entityId").GetString(),
            e.TryGetProperty("chainId", out var chain) ? chain.GetString() : "-",
            e.GetProperty("metadata").GetProperty("path").GetString());
}
