using System.CommandLine;
using System.Text;
using System.Text.Json;

namespace Observability.Cli.Commands;

/// <summary>
/// <c>agentobs import events.jsonl</c>: loads a ADR-009 event log into the sidecar, POSTing NDJSON batches (retried;
/// re-importing the same file is safe, every event comes back as a duplicate) and reporting accepted, duplicate and
/// rejected events with the line of each rejection.
/// </summary>
internal static class ImportCommand
{
    private const int MaxRejectionsShown = 20;

    public static Command Create()
    {
        var file = new Argument<FileInfo?>("file") { Description = "A JSONL file, one event per line (ADR-009's events.jsonl).", Arity = ArgumentArity.ZeroOrOne };
        var batchSize = new Option<int>("--batch-size") { Description = "Events per request (1-10000).", DefaultValueFactory = _ => 1000 };
        var git = FromGitImport.Options.Create();
        var command = new Command("import", "Load a ADR-009 events.jsonl into the sidecar in NDJSON batches, or with --from-git REPO the events a git history implies.")
        {
            file, batchSize, git.Repository, git.Layout, git.Since, git.DryRun,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file);
            var size = parse.GetValue(batchSize);
            var repository = parse.GetValue(git.Repository);
            var error = parse.InvocationConfiguration.Error;
            if (size is < 1 or > 10_000)
            {
                await error.WriteLineAsync($"agentobs import: --batch-size must be between 1 and 10000, was {size}.");
                return ExitCodes.Usage;
            }

            if ((path is null) == (repository is null))
            {
                await error.WriteLineAsync("agentobs import: give either a JSONL file or --from-git REPO.");
                return ExitCodes.Usage;
            }

            if (repository is not null)
            {
                return await FromGitImport.RunAsync(parse, repository, git, size, cancellationToken);
            }

            if (parse.GetValue(CommonOptions.DataDir) is not null)
            {
                // Writing goes through a sidecar, so validation, deduplication and the metrics stay in one place.
                await error.WriteLineAsync("agentobs import: writes need a running sidecar (--url); --data-dir is read-only.");
                return ExitCodes.Usage;
            }

            if (!path!.Exists)
            {
                await error.WriteLineAsync($"agentobs import: {path.FullName} does not exist.");
                return ExitCodes.Usage;
            }

            return await CliApp.WithSidecarAsync(parse, async (client, output) =>
            {
                var report = new ImportReport(path.FullName);
                var batch = new ImportBatch(client, parse, report, size, "line");
                var lineNumber = 0;
                var sent = await CliProgress.RunAsync(parse, "import", "bytes", path.Length, async progress =>
                {
                    long bytes = 0;
                    foreach (var line in File.ReadLines(path.FullName))
                    {
                        lineNumber++;
                        bytes += Encoding.UTF8.GetByteCount(line) + 1;
                        progress.Report(bytes);
                        if (!string.IsNullOrWhiteSpace(line) && !await batch.AddAsync(line, lineNumber, cancellationToken))
                        {
                            return false;
                        }
                    }

                    return await batch.FlushAsync(cancellationToken);
                });
                if (!sent)
                {
                    return ExitCodes.Failed;
                }

                if (parse.GetValue(CommonOptions.Json))
                {
                    await output.WriteLineAsync(JsonSerializer.Serialize(report, CliJson.Options));
                }
                else
                {
                    await output.WriteLineAsync($"{report.File}: {report.Events} events in {report.Batches} batches: {report.Accepted} accepted, {report.Duplicates} duplicates, {report.Rejected} rejected");
                    await WriteRejectionsAsync(output, report, "line");
                }

                return report.Rejected == 0 ? ExitCodes.Ok : ExitCodes.Failed;
            }, cancellationToken);
        });
        return command;
    }

    /// <summary>The first rejections, one line each, and how many more there are.</summary>
    internal static async Task WriteRejectionsAsync(TextWriter output, ImportReport report, string unit)
    {
        foreach (var r in report.Rejections.Take(MaxRejectionsShown))
        {
            await output.WriteLineAsync($"  {unit} {r.Line}: {r.Field}: {r.Reason}");
        }

        if (report.Rejections.Count > MaxRejectionsShown)
        {
            await output.WriteLineAsync($"  … and {report.Rejections.Count - MaxRejectionsShown} more (--json lists all)");
        }
    }
}
