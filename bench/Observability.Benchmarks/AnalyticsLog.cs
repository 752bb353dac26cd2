using System.Globalization;
using System.Text;
using Observability.EventLog;
using EventLogFile = Observability.EventLog.EventLog;

namespace Observability.Benchmarks;

/// <summary>
/// A synthetic 1,000,000-event log with the mix the analytics read, spread evenly over the 120 days before
/// <see cref="Now"/>. Per unit of 25 events: a request and a chain (created, completed, closed: 4), four tasks
/// (created, started, completed; every fourth task failed, every eighth reworked and re-run: about 13), and half
/// a seed-002 run on average (start, two phases, completion, three calls; a bug fix now and then: about 8).
/// </summary>
internal static class AnalyticsLog
{
    public const int Events = 1_000_000;

    private static readonly string[] Models = ["claude-sonnet", "claude-opus", "gpt-4-turbo", "local-llama"];
    private static readonly string[] TaskTypes = ["spec", "impl", "review", "bugfix"];
    private static readonly string[] Executors = ["claude_code", "subagent", "human"];

    /// <summary>The end of the synthetic history: the 7-day window holds its last 7/120.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    public static string Write()
    {
        var directory = EventLogPayloads.TempDirectory("analytics");
        var log = EventLogFile.Open(new EventLogOptions { Directory = directory, Fsync = false });
        var batch = new List<ReadOnlyMemory<byte>>(10_000);
        var count = 0;
        var step = TimeSpan.FromDays(120).Ticks / Events;
        var start = Now.AddDays(-120);
        for (var unit = 0; count < Events; unit++)
        {
            foreach (var json in Unit(unit, start.AddTicks(step * count), step))
            {
                if (count == Events)
                {
                    break;
                }

                batch.Add(Encoding.UTF8.GetBytes(json));
                count++;
                if (batch.Count == batch.Capacity)
                {
                    log.AppendBatchAsync([.. batch]).AsTask().GetAwaiter().GetResult();
                    batch.Clear();
                }
            }
        }

        if (batch.Count > 0)
        {
            log.AppendBatchAsync([.. batch]).AsTask().GetAwaiter().GetResult();
        }

        log.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return directory;
    }

    private static IEnumerable<string> Unit(int unit, DateTimeOffset at, long step)
    {
        var n = 0;
        string Next(string type, string entity, string extra = "", string agent = "", string chain = "") =>
            string.Create(CultureInfo.InvariantCulture,
                $"{{\"id\":\"u{unit}-{n}\",\"timestamp\":\"{at.AddTicks(step * n++):yyyy-MM-ddTHH:mm:ss.fffZ}\",\"eventType\":\"{type}\",\"entityId\":\"{entity}\"{chain}{agent},\"metadata\":{{{extra}}}}}");

        var model = Models[unit % Models.Length];
        var agent = $",\"agent\":{{\"model\":\"{model}\",\"role\":\"impl\",\"tokens\":{{\"input\":{1000 + unit % 5000},\"output\":{200 + unit % 900}}}}}";
        var chain = $",\"chainId\":\"CH-{unit}\"";
        yield return Next("request:created", $"R-{unit}");
        yield return Next("chain:created", $"CH-{unit}");
        for (var t = 0; t < 4; t++)
        {
            var task = $"T-{unit}-{t}";
            var meta = $"\"taskType\":\"{TaskTypes[(unit + t) % 4]}\",\"executor\":\"{Executors[(unit + t) % 3]}\"";
            yield return Next("task:created", task, chain: chain);
            yield return Next("task:started", task, meta, agent, chain);
            if ((unit + t) % 8 == 0)
            {
                yield return Next("task:rework", task, meta, agent, chain);
                yield return Next("task:started", task, meta, agent, chain);
            }

            yield return (unit + t) % 4 == 3
                ? Next("task:failed", task, meta + ",\"failureType\":\"test_failure\"", agent, chain)
                : Next("task:completed", task, meta, agent, chain);
        }

        yield return Next("chain:completed", $"CH-{unit}");
        yield return Next("request:closed", $"R-{unit}");
        if (unit % 2 == 0)
        {
            var run = $"run-{unit}";
            yield return Next("ws:execution", run, $"\"status\":\"STARTED\",\"wsId\":\"WS-{unit % 500}\",\"wpId\":\"WP-{unit % 40}\",\"executor\":\"claude_code\"");
            yield return Next("ws:phase", run, $"\"phase\":\"implement\",\"wsExecutionId\":\"{run}\",\"result\":\"pass\"");
            for (var c = 0; c < 3; c++)
            {
                yield return Next("llm:call", $"call-{unit}-{c}", $"\"wsExecutionId\":\"{run}\"", agent);
            }

            yield return Next("ws:phase", run, $"\"phase\":\"verify\",\"wsExecutionId\":\"{run}\",\"result\":\"{(unit % 10 == 0 ? "fail" : "pass")}\"");
            if (unit % 10 == 0)
            {
                yield return Next("bug:fixed", $"BF-{unit}", $"\"wsExecutionId\":\"{run}\",\"autonomous\":true");
            }

            yield return Next("ws:execution", run, $"\"status\":\"{(unit % 12 == 0 ? "FAILED" : "COMPLETED")}\"");
        }
    }
}
