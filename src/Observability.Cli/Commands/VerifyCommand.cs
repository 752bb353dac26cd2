using System.CommandLine;
using System.Text.Json;
using Observability.EventLog;
using Observability.Projections.Compaction;

namespace Observability.Cli.Commands;

/// <summary>
/// <c>agentobs verify --data-dir data</c>: an offline, read-only integrity check of a data directory's event log
/// (every record's frame and CRC, sequence continuity between segments). Exit code 1 when anything is wrong: damaged
/// records (named by segment and byte range), missing records (by sequence range) or a torn tail.
/// </summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var command = new Command("verify", "Check a data directory's event log offline (needs --data-dir): exit code 1 on damaged records (segment and byte range), missing records (sequence range) or a torn tail.");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (!OfflineDataDirectory.TryGet(parse, "verify", "needs --data-dir (the check reads the files; it does not go through a sidecar).", out _, out var directory, out var exitCode))
            {
                return exitCode;
            }

            // The live log's records, then the archived ones (a compacted log: the archives and the base snapshot stand for
            // the records before its first live sequence), counted against the log's next sequence.
            var layout = new CompactionLayout(Path.GetDirectoryName(Path.GetFullPath(directory))!);
            var (result, compaction, firstSequence, archives) = await CliProgress.RunAsync(
                parse, "verify", "records", Directory.Exists(directory) ? EventLogReader.NextSequence(directory) : null, progress =>
                {
                    var verification = EventLogReader.Verify(directory, progress.Report);
                    var problems = CompactionCheck.Run(layout, archived => progress.Report(verification.Records + archived), out var first, out var count);
                    return Task.FromResult((verification, problems, first, count));
                });
            var healthy = result.IsHealthy && compaction.Count == 0;
            if (parse.GetValue(CommonOptions.Json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(
                    new
                    {
                        directory,
                        firstSequence,
                        archives,
                        archiveProblems = compaction,
                        result.Segments,
                        result.Records,
                        result.Bytes,
                        healthy,
                        result.CorruptRecords,
                        result.CorruptBytes,
                        result.MissingRecords,
                        damage = result.Damage.Select(d => new { segment = d.Segment, offset = d.Offset, end = d.End, bytes = d.Length, records = d.Records, firstSequence = d.FirstSequence, reason = d.Reason }),
                        gaps = result.Gaps.Select(g => new { segment = g.Segment, firstSequence = g.FirstSequence, lastSequence = g.LastSequence, records = g.Count, reason = g.Reason }),
                        result.Problems,
                    },
                    CliJson.Options));
            }
            else
            {
                await output.WriteLineAsync(
                    $"{directory}: {result.Segments} segments, {result.Records} records, {result.Bytes} bytes: {(result.IsHealthy ? "healthy" : $"{result.Problems.Count} problems ({result.CorruptRecords} damaged records, {result.MissingRecords} missing records)")}");
                foreach (var problem in result.Problems)
                {
                    await output.WriteLineAsync("  " + problem);
                }

                if (firstSequence > 0)
                {
                    await output.WriteLineAsync(
                        $"compacted: the live log starts at sequence {firstSequence}; {archives} archives and the base snapshot stand for the records before it: {(compaction.Count == 0 ? "sound" : $"{compaction.Count} problems")}");
                    foreach (var problem in compaction)
                    {
                        await output.WriteLineAsync("  " + problem);
                    }
                }
            }

            return healthy ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }
}
