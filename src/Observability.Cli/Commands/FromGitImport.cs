using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Observability.Cli.GitImport;

namespace Observability.Cli.Commands;

/// <summary>
/// <c>agentobs import --from-git REPO</c>: ADR-009's historical import. Walks the repository's history with
/// <see cref="GitHistory"/>, infers events with <see cref="GitEventInference"/> under a <see cref="GitLayout"/>, and
/// sends them to the sidecar in batches (ids are deterministic, so a second import stores nothing new), or with
/// <c>--dry-run</c> prints them. A summary ends it either way.
/// </summary>
internal static class FromGitImport
{
    /// <summary>The options <c>import</c> adds for a git history.</summary>
    internal sealed record Options(Option<DirectoryInfo?> Repository, Option<FileInfo?> Layout, Option<DateTimeOffset?> Since, Option<bool> DryRun)
    {
        public static Options Create() => new(
            new Option<DirectoryInfo?>("--from-git") { Description = "Import the events a git repository's history implies (task, chain and request files moving between state folders)." },
            new Option<FileInfo?>("--layout") { Description = "With --from-git: a YAML file of path patterns to event types; ADR-009's layout by default (git-layout.yaml in the CLI's sources)." },
            new Option<DateTimeOffset?>("--since") { Description = "With --from-git: only events of commits at or after this time (ISO 8601); the whole history is still read for state." },
            new Option<bool>("--dry-run") { Description = "With --from-git: print the events (JSONL; with --json one document) instead of sending them." });
    }

    public static async Task<int> RunAsync(ParseResult parse, DirectoryInfo repository, Options options, int batchSize, CancellationToken cancellationToken)
    {
        var error = parse.InvocationConfiguration.Error;
        if (parse.GetValue(CommonOptions.DataDir) is not null)
        {
            await error.WriteLineAsync("agentobs import: writes need a running sidecar (--url); --data-dir is read-only.");
            return ExitCodes.Usage;
        }

        GitLayout layout;
        try
        {
            layout = parse.GetValue(options.Layout) is { } file
                ? GitLayout.Parse(await File.ReadAllTextAsync(file.FullName, cancellationToken), file.FullName)
                : GitLayout.Default;
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"agentobs import: --layout: {e.Message}");
            return ExitCodes.Usage;
        }

        var path = repository.FullName;
        if (GitHistory.Problem(path) is { } problem)
        {
            await error.WriteLineAsync($"agentobs import: --from-git: {problem}.");
            return ExitCodes.Usage;
        }

        var summary = new GitImportSummary(path, parse.GetValue(options.Since));
        if (parse.GetValue(options.DryRun))
        {
            var events = new List<GitEvent>();
            await CliProgress.RunAsync(parse, "import --from-git", "commits", GitHistory.CountCommits(path), progress =>
            {
                foreach (var e in Infer(path, layout, summary, progress))
                {
                    events.Add(e);
                }

                return Task.FromResult(true);
            });
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(CommonOptions.Json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(summary.ToJson(events.Select(e => JsonDocument.Parse(e.ToJson()).RootElement), null), CliJson.Options));
            }
            else
            {
                foreach (var e in events)
                {
                    await output.WriteLineAsync(e.ToJson());
                }

                await error.WriteLineAsync($"{summary.Describe()}: would be imported (dry run)");
            }

            return ExitCodes.Ok;
        }

        return await CliApp.WithSidecarAsync(parse, async (client, output) =>
        {
            var report = new ImportReport(path);
            var batch = new ImportBatch(client, parse, report, batchSize, "event");
            var sent = await CliProgress.RunAsync(parse, "import --from-git", "commits", GitHistory.CountCommits(path), async progress =>
            {
                var number = 0;
                foreach (var e in Infer(path, layout, summary, progress))
                {
                    if (!await batch.AddAsync(e.ToJson(), ++number, cancellationToken))
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
                await output.WriteLineAsync(JsonSerializer.Serialize(summary.ToJson(null, report), CliJson.Options));
            }
            else
            {
                await output.WriteLineAsync($"{summary.Describe()}: {report.Accepted} accepted, {report.Duplicates} duplicates, {report.Rejected} rejected");
                await ImportCommand.WriteRejectionsAsync(output, report, "event");
            }

            return report.Rejected == 0 ? ExitCodes.Ok : ExitCodes.Failed;
        }, cancellationToken);
    }

    private static IEnumerable<GitEvent> Infer(string repository, GitLayout layout, GitImportSummary summary, CliProgress progress)
    {
        var inference = new GitEventInference(layout);
        foreach (var commit in GitHistory.Commits(repository))
        {
            summary.Commits++;
            progress.Advance();
            foreach (var e in inference.Apply(commit))
            {
                if (summary.Since is { } since && e.Time < since)
                {
                    summary.BeforeSince++;
                    continue;
                }

                summary.Count(e.EventType);
                yield return e;
            }
        }
    }
}
