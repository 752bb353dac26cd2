using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Observability.Cli.Tests.Support;
using Observability.Sidecar.Tests.Support;

namespace Observability.Cli.Tests;

/// <summary>
/// <c>agentobs tail</c> run as a process against the data directory of a running sidecar, whose live segment is
/// preallocated (it ends in zeros and does not grow), with small segments so that following crosses rolls.
/// </summary>
public sealed class TailTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Tail_LiveDataDirectory_PrintsStoredEventsAsJsonlThenFollowsNewOnesAcrossSegments()
    {
        using var directory = new TempDirectory("cli-tail");
        var data = directory.Combine("data");
        await using var sidecar = await SidecarProcess.StartAsync(data, "--Sidecar:SegmentMaxBytes", "4096");
        var u = TestEvents.Unique();
        var ids = Enumerable.Range(0, 60).Select(i => $"tail-{u}-{i}").ToList();
        await PostAsync(sidecar, ids[..30]);

        var all = await CliProcess.RunAsync("tail", "--data-dir", data, "--from-start");
        var last = await CliProcess.RunAsync("tail", "--data-dir", data, "--lines", "3");

        Assert.True(all.ExitCode == 0, all.ToString());
        Assert.Equal(ids[..30], Ids(all.StandardOutput.Split('\n')));
        Assert.True(last.ExitCode == 0, last.ToString());
        Assert.Equal(ids[27..30], Ids(last.StandardOutput.Split('\n')));

        var seen = new ConcurrentQueue<string>();
        var everything = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var follower = ChildProcess.Start(
            "dotnet",
            [CliProcess.Dll, "tail", "--data-dir", data, "--follow", "--from-start"],
            environment: new Dictionary<string, string?> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" },
            onStandardOutputLine: line =>
            {
                seen.Enqueue(line);
                if (seen.Count == ids.Count)
                {
                    everything.TrySetResult();
                }
            });
        await PostAsync(sidecar, ids[30..]);
        await everything.Task.WaitAsync(Patience);

        Assert.Equal(ids, Ids(seen));
        Assert.True(EventLogFiles.Segments(data).Count > 2, "the test needs segment rolls");

        // Ctrl+C ends it the way a shell reports an interrupted command (128 + SIGINT), without an error message.
        await follower.SignalAsync("INT");
        Assert.True(await follower.WaitForExitAsync(Patience), "tail --follow did not stop on SIGINT");
        Assert.True(follower.ExitCode == 130, $"exit {follower.ExitCode}: {follower.Output}");
        Assert.DoesNotContain("\n!", "\n" + follower.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tail_WithoutDataDir_ExitCode2AndMissingDirectoryExitCode1()
    {
        using var directory = new TempDirectory("cli-tail-usage");

        var usage = await CliProcess.RunAsync("tail");
        var missing = await CliProcess.RunAsync("tail", "--data-dir", directory.Combine("nowhere"), "--follow");

        Assert.True(usage.ExitCode == 2, usage.ToString());
        Assert.Contains("needs --data-dir", usage.StandardError, StringComparison.Ordinal);
        Assert.True(missing.ExitCode == 1, missing.ToString());
        Assert.Contains("does not exist", missing.StandardError, StringComparison.Ordinal);
    }

    private static async Task PostAsync(SidecarProcess sidecar, IEnumerable<string> ids)
    {
        // One request per event, so that each is its own group commit and the log rolls between them.
        foreach (var id in ids)
        {
            var response = await sidecar.PostEventsAsync(TestEvents.Make(id, "chain:created", "C-" + id, TestEvents.T0));
            Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        }
    }

    private static List<string> Ids(IEnumerable<string> lines) =>
        [.. lines.Select(line =>
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.GetProperty("id").GetString()!;
        })];
}
