using System.CommandLine;
using System.Text.Json;
using Observability.EventLog.Archive;
using Observability.Projections.Compaction;

namespace Observability.Cli.Commands;

/// <summary>
/// <c>agentobs restore-archive --data-dir DIR</c>: the archived records back as segments under their own names and
/// sequence numbers (every archive's checksum checked first: one that fails is named and nothing changes), so a full
/// rebuild (<c>agentobs refresh</c>) or another sidecar folds every event again.
/// </summary>
internal static class RestoreArchiveCommand
{
    public static Command Create()
    {
        var command = new Command(
            "restore-archive",
            "Bring the archived events back into the live log as segments (checksums verified first), offline with --data-dir (no sidecar may be running on it); then `agentobs refresh`.");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            if (!OfflineDataDirectory.TryGet(parse, "restore-archive", "needs --data-dir: stop the sidecar, restore its archive, refresh, start it again.", out var dataDir, out var events, out var exitCode))
            {
                return exitCode;
            }

            using var held = DataDirectoryLock.TryAcquire(events, out var problem);
            if (held is null)
            {
                await error.WriteLineAsync($"agentobs restore-archive: {problem}");
                return ExitCodes.Failed;
            }

            var layout = new CompactionLayout(dataDir.FullName);
            long records;
            try
            {
                records = EventLogArchive.Restore(layout.Archive, events);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"agentobs restore-archive: {e.Message}; nothing was changed.");
                return ExitCodes.Failed;
            }

            // The live log holds every record again: the base snapshot stands for none of them any more.
            File.Delete(layout.BaseSnapshot);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(CommonOptions.Json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(new { records, events }, CliJson.Options));
            }
            else
            {
                await output.WriteLineAsync($"restored {records} archived records into {events}; run `agentobs refresh --data-dir {dataDir}` to rebuild every view from the whole log.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
