using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Observability.EventLog.Tests.Support;
using Xunit.Abstractions;

namespace Observability.EventLog.Tests;

/// <summary>
/// A real process appending under load, killed with SIGKILL: every append it acknowledged must survive, exactly once,
/// and the log must open cleanly however the kill landed.
/// </summary>
public sealed class CrashTests(ITestOutputHelper output)
{
    private const int Rounds = 3;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task KilledMidWrite_ReopenedLog_HoldsEveryAcknowledgedRecordExactlyOnce()
    {
        using var dir = new TempDirectory();
        var acknowledged = new Dictionary<long, string>();
        for (var round = 0; round < Rounds; round++)
        {
            // Each round resumes the log the previous kill left behind, repairing whatever it tore.
            foreach (var (sequence, id) in await RunAndKillAsync(dir.Path, minimumAcks: 500 * (round + 1)))
            {
                Assert.True(acknowledged.TryAdd(sequence, id), $"sequence {sequence} acknowledged twice");
            }

            // Whether the kill tore a record is luck; say what it left for whoever reads the test log.
            var left = EventLogReader.Verify(dir.Path);
            output.WriteLine($"round {round}: {left.Records} records, {acknowledged.Count} acknowledged; {string.Join("; ", left.Problems.DefaultIfEmpty("no torn tail"))}");
        }

        var ids = new Dictionary<long, string>();
        var log = EventLog.Open(dir.Options(), (sequence, payload) => ids.Add(sequence, IdOf(Payloads.Text(payload))));
        await using (log)
        {
            Assert.Equal(ids.Count, log.Status.RecordCount);
            Assert.Equal(ids.Count, await log.AppendAsync(Payloads.Event(0)));
        }

        Assert.True(acknowledged.Count >= 500 * Rounds);
        foreach (var (sequence, id) in acknowledged)
        {
            Assert.True(ids.TryGetValue(sequence, out var stored), $"acknowledged record {sequence} ({id}) is missing");
            Assert.Equal(id, stored);
        }

        Assert.Equal(ids.Count, ids.Values.Distinct().Count());
        var verification = EventLogReader.Verify(dir.Path);
        Assert.True(verification.IsHealthy, string.Join("\n", verification.Problems));
    }

    private static async Task<List<(long Sequence, string Id)>> RunAndKillAsync(string directory, int minimumAcks)
    {
        var writer = Path.Combine(AppContext.BaseDirectory, "Observability.EventLog.CrashWriter.dll");
        Assert.True(File.Exists(writer), $"{writer} is missing; the test project's reference to the CrashWriter project builds it.");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(writer);
        start.ArgumentList.Add(directory);

        var lines = new ConcurrentQueue<string>();
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var acks = 0;
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && line != "ready")
            {
                lines.Enqueue(line);
                if (Interlocked.Increment(ref acks) >= minimumAcks)
                {
                    enough.TrySetResult();
                }
            }
        };
        var errors = new ConcurrentQueue<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                errors.Enqueue(line);
            }
        };

        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(enough.Task, exited).WaitAsync(Patience);
        if (first != enough.Task)
        {
            Assert.Fail($"the writer exited early ({process.ExitCode}): {string.Join("\n", errors)}");
        }

        process.Kill();
        await process.WaitForExitAsync().WaitAsync(Patience);

        // A line cut off by the kill is not an acknowledgement anyone saw whole; skip it.
        var acknowledged = new List<(long, string)>();
        foreach (var line in lines)
        {
            var parts = line.Split(' ');
            if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
            {
                acknowledged.Add((sequence, parts[1]));
            }
        }

        return acknowledged;
    }

    private static string IdOf(string payload)
    {
        const string Prefix = "{\"id\":\"";
        if (!payload.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return payload;
        }

        return payload[Prefix.Length..payload.IndexOf('"', Prefix.Length)];
    }
}
