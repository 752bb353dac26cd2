using System.Globalization;
using System.Net;
using System.Text;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests;

/// <summary>
/// The issue's crash test: a separate client process posts events while the sidecar process is killed with SIGKILL;
/// after a restart every event acknowledged before the kill is there exactly once. The same with SIGTERM, which must
/// also exit 0 and leave no tail to repair. Small segments make the writer roll over files while under load.
/// </summary>
public sealed class CrashTests
{
    private const int AcksBeforeKill = 300;

    public static TheoryData<string> Signals => ["KILL", "TERM"];

    [Theory]
    [MemberData(nameof(Signals))]
    public async Task Signal_WhileAClientPosts_EveryAcknowledgedEventIsStoredExactlyOnce(string signal)
    {
        using var directory = new TempDirectory("crash");
        var data = directory.Combine("data");
        var acked = new List<string>();
        var gate = new Lock();
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var prefix = "crash-" + TestEvents.Unique();

        await using (var sidecar = await SidecarProcess.StartAsync(data, "--Sidecar:SegmentMaxBytes", "65536"))
        {
            await using var client = ChildProcess.Start(
                "dotnet",
                [Artifacts.CrashClientDll, sidecar.BaseAddress.ToString(), prefix, "3", "90"],
                redirectStandardInput: true,
                onStandardOutputLine: line =>
                {
                    // Only complete lines count: "ACK <id> ."
                    var parts = line.Split(' ');
                    if (parts is ["ACK", var id, "."])
                    {
                        lock (gate)
                        {
                            acked.Add(id);
                            if (acked.Count >= AcksBeforeKill)
                            {
                                enough.TrySetResult();
                            }
                        }
                    }
                });

            var waited = await Task.WhenAny(enough.Task, Task.Delay(TimeSpan.FromSeconds(60)));
            Assert.True(waited == enough.Task, $"only {acked.Count} acks within 60 s. Client:\n{client.Output}\nSidecar:\n{sidecar.Output}");

            // Kill or stop the sidecar while the client is still posting, then let the client notice before stopping it.
            if (signal == "KILL")
            {
                await sidecar.KillAsync();
            }
            else
            {
                var exitCode = await sidecar.StopAsync();
                Assert.True(exitCode == 0, $"exit code {exitCode} after SIGTERM under load. Output:\n{sidecar.Output}");
            }

            // The client reports each failed request as "ERR ..."; wait (bounded) until it has seen one, not a fixed time.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while (!client.Output.Contains("ERR ", StringComparison.Ordinal) && !client.HasExited && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }

            client.StandardInput.Close();
            if (!await client.WaitForExitAsync(TimeSpan.FromSeconds(20)))
            {
                await client.KillAsync(TimeSpan.FromSeconds(10));
            }

            Assert.Contains("ERR ", client.Output, StringComparison.Ordinal);
        }

        List<string> promised;
        lock (gate)
        {
            promised = [.. acked];
        }

        Assert.Equal(promised.Count, promised.Distinct(StringComparer.Ordinal).Count());
        Assert.True(promised.Count >= AcksBeforeKill);

        // Straight from the segment files: each acknowledged id once, and no id twice at all.
        var log = EventLogFiles.Read(data);
        var stored = log.Records.Select(r => r.Id).ToList();
        Assert.True(EventLogFiles.Segments(data).Count > 1, "the run should have rolled over to a new segment");
        if (signal == "TERM")
        {
            Assert.True(log.TailBytes == 0, $"a graceful stop left {log.TailBytes} bytes of a torn record: {log.TailProblem}");
        }

        AssertEachOnce(promised, stored, "in the segment files after SIGKILL");
        var duplicatesOnDisk = stored.GroupBy(id => id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicatesOnDisk.Count == 0, $"ids stored twice: {string.Join(", ", duplicatesOnDisk.Take(10))}");

        await using (var restarted = await SidecarProcess.StartAsync(data, "--Sidecar:SegmentMaxBytes", "65536"))
        {
            var metrics = await restarted.ScrapeAsync();

            // A graceful stop under load still writes a state snapshot covering every stored record (the calls in
            // flight are drained first); after SIGKILL there is none and every record is replayed.
            Assert.Equal(signal == "TERM" ? stored.Count : 0, metrics.Value("agentobs_state_snapshot_records"));
            Assert.Equal(signal == "TERM" ? 0 : stored.Count, metrics.Value("agentobs_events_replayed_total"));
            Assert.True(stored.Count >= promised.Count);
            Assert.Equal(stored.Count, metrics.Value("agentobs_event_log_records"));
            Assert.Equal(stored.Count, metrics.Value("agentobs_task_total", "agent_type", "crash-client", "task_type", "crash", "success", "true"));
            Assert.Equal(log.TailBytes, metrics.Value("agentobs_event_log_truncated_bytes_total"));

            // Every acknowledged id is known to the restarted sidecar: posted again, each one is a duplicate.
            foreach (var chunk in promised.Chunk(100))
            {
                var body = new StringBuilder();
                foreach (var id in chunk)
                {
                    body.Append(CultureInfo.InvariantCulture, $$$"""{"id":"{{{id}}}","timestamp":"2025-12-07T10:00:00Z","eventType":"task:completed","entityId":"again","metadata":{"taskType":"crash","agentType":"crash-client"}}""").Append('\n');
                }

                var response = await restarted.PostAsync(body.ToString(), "application/x-ndjson");
                Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
                Assert.Equal(chunk.Length, response.Json.GetProperty("duplicates").GetInt32());
            }

            var after = await restarted.ScrapeAsync();
            Assert.Equal(0, after.Value("agentobs_events_received_total", "outcome", "accepted"));
            Assert.Equal(promised.Count, after.Value("agentobs_events_received_total", "outcome", "duplicate"));
            Assert.Equal(stored.Count, after.Value("agentobs_task_total", "agent_type", "crash-client", "task_type", "crash", "success", "true"));
            Assert.Equal(0, await restarted.StopAsync());
        }

        // And the restart itself wrote nothing twice.
        AssertEachOnce(promised, [.. EventLogFiles.Read(data).Records.Select(r => r.Id)], "in the segment files after the restart");
    }

    private static void AssertEachOnce(List<string> promised, List<string> stored, string where)
    {
        var counts = stored.GroupBy(id => id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var missing = promised.Where(id => !counts.ContainsKey(id)).ToList();
        var twice = promised.Where(id => counts.GetValueOrDefault(id) > 1).ToList();
        Assert.True(
            missing.Count == 0 && twice.Count == 0,
            $"{where}: of {promised.Count} acknowledged ids, {missing.Count} are missing ({string.Join(", ", missing.Take(10))}) and {twice.Count} appear more than once ({string.Join(", ", twice.Take(10))})");
    }
}
