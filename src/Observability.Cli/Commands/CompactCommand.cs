using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Observability.Projections.Compaction;
using Observability.Sidecar.Hosting;

namespace Observability.Cli.Commands;

/// <summary>
/// <c>agentobs compact --before DATE --data-dir DIR</c>: ADR-009's <c>metrics:compact</c>, offline (refused while a
/// sidecar holds the directory). Sealed segments whose records are all older than the cutoff move to
/// <c>archive/*.jsonl.gz</c>; the live log keeps a base snapshot of the sidecar's projections at the cut.
/// </summary>
internal static class CompactCommand
{
    /// <summary>A test seam: the name of a compaction step (LogCompactor.Steps) after which the process exits at once, as a crash would stop it.</summary>
    public const string ExitAtVariable = "AGENTOBS_TEST_COMPACT_EXIT_AT";

    /// <summary>The exit code of the seam's stop, so a test tells it from a failure.</summary>
    public const int SeamExitCode = 86;

    public static Command Create()
    {
        var before = new Option<string>("--before")
        {
            Description = "The cutoff (ISO 8601 date or timestamp, UTC unless it says): whole sealed segments whose events are all older are archived.",
            Required = true,
        };
        var settings = new Option<FileInfo?>("--settings")
        {
            Description = "The sidecar's appsettings.json: the base snapshot is folded under its settings (mapping, analytics, windows, experiments), so the sidecar can restore it.",
        };
        var command = new Command(
            "compact",
            "Archive sealed segments older than --before to <data-dir>/archive/*.jsonl.gz and keep a base snapshot at the cut (ADR-009's metrics:compact), offline with --data-dir (no sidecar may be running on it).")
        {
            before, settings,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            if (!OfflineDataDirectory.TryGet(parse, "compact", "needs --data-dir: stop the sidecar, compact its data directory, start it again.", out var dataDir, out var events, out var exitCode))
            {
                return exitCode;
            }

            var text = parse.GetValue(before)!;
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var cutoff))
            {
                await error.WriteLineAsync($"agentobs compact: --before '{text}' is not an ISO 8601 date or timestamp.");
                return ExitCodes.Usage;
            }

            var now = TimeProvider.System.GetUtcNow();
            if (cutoff > now)
            {
                await error.WriteLineAsync(
                    $"agentobs compact: --before {cutoff:yyyy-MM-ddTHH:mm:ssZ} is in the future (now is {now:yyyy-MM-ddTHH:mm:ssZ}): compaction archives the past only; nothing was changed.");
                return ExitCodes.Usage;
            }

            var file = parse.GetValue(settings);
            if (file is { Exists: false })
            {
                await error.WriteLineAsync($"agentobs compact: --settings: {file.FullName} does not exist.");
                return ExitCodes.Usage;
            }

            using var held = DataDirectoryLock.TryAcquire(events, out var problem);
            if (held is null)
            {
                await error.WriteLineAsync($"agentobs compact: {problem}");
                return ExitCodes.Failed;
            }

            var builder = new ConfigurationBuilder();
            if (file is not null)
            {
                builder.AddJsonFile(file.FullName, optional: false, reloadOnChange: false);
            }

            var configuration = builder
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Sidecar:DataDirectory"] = dataDir.FullName })
                .Build();
            var seam = Environment.GetEnvironmentVariable(ExitAtVariable);
            var layout = new CompactionLayout(dataDir.FullName);
            var services = new List<IAsyncDisposable>();
            CompactionResult result;
            try
            {
                result = await CliProgress.RunAsync(parse, "compact", "records", null, progress => Task.FromResult(LogCompactor.Compact(
                    layout,
                    cutoff,
                    () =>
                    {
                        var (host, owner) = SidecarProjectionHost.Create(configuration);
                        services.Add(owner);
                        return host;
                    },
                    step =>
                    {
                        if (step == seam)
                        {
                            Environment.Exit(SeamExitCode);
                        }
                    },
                    progress.Report)));
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or InvalidOperationException)
            {
                await error.WriteLineAsync($"agentobs compact: {e.Message}");
                return ExitCodes.Failed;
            }
            finally
            {
                foreach (var owner in services)
                {
                    await owner.DisposeAsync();
                }
            }

            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(CommonOptions.Json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(
                    new
                    {
                        before = cutoff,
                        result.Segments,
                        result.Records,
                        result.PreviousStart,
                        firstLiveSequence = result.Cut,
                        archive = layout.Archive,
                        baseSnapshot = result.Segments > 0 ? layout.BaseSnapshot : null,
                        archives = result.Archives,
                    },
                    CliJson.Options));
            }
            else if (result.Segments == 0)
            {
                await output.WriteLineAsync(
                    $"nothing to compact: no sealed segment before the live one holds only events older than {cutoff:yyyy-MM-ddTHH:mm:ssZ}; the live log starts at sequence {result.Cut}");
            }
            else
            {
                await output.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"compacted: {result.Segments} segments ({result.Records} records, sequences {result.PreviousStart} to {result.Cut - 1}) archived to {layout.Archive}; the live log starts at sequence {result.Cut}; base snapshot {layout.BaseSnapshot}"));
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
