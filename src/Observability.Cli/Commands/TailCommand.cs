using System.CommandLine;
using System.Globalization;
using System.Text;
using Observability.EventLog;

namespace Observability.Cli.Commands;

/// <summary>
/// <c>agentobs tail --data-dir data [--follow] [--from-start] [--lines N]</c>: the stored events as JSONL, one payload
/// per line, frames checked, read-only. With <c>--follow</c> it keeps printing new events across segment rolls until
/// interrupted, which <c>tail -F</c> on a segment file cannot do: the live segment is preallocated and does not grow.
/// </summary>
internal static class TailCommand
{
    /// <summary>How often <c>--follow</c> looks for new records once it has printed everything written.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    public static Command Create()
    {
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing events as they are appended, across segments, until interrupted." };
        var fromStart = new Option<bool>("--from-start") { Description = "Start with the first stored event instead of the last --lines." };
        var lines = new Option<int>("--lines", "-n")
        {
            Description = "Without --from-start, how many of the last stored events to print first.",
            DefaultValueFactory = _ => 10,
        };
        lines.Validators.Add(result =>
        {
            // A value that is not a number is already the parser's error; reading it as one here would throw.
            if (result.Tokens.Any(t => int.TryParse(t.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n < 0))
            {
                result.AddError("--lines must be zero or more.");
            }
        });
        var command = new Command("tail", "Print a data directory's stored events as JSONL (needs --data-dir); --follow keeps printing new ones.")
        {
            follow, fromStart, lines,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            if (!OfflineDataDirectory.TryGet(parse, "tail", "needs --data-dir (it reads the files; it does not go through a sidecar).", out _, out var directory, out var exitCode))
            {
                return exitCode;
            }

            var start = parse.GetValue(fromStart) ? 0 : Math.Max(0, EventLogReader.NextSequence(directory) - parse.GetValue(lines));
            var output = parse.InvocationConfiguration.Output;
            if (!parse.GetValue(follow))
            {
                foreach (var record in EventLogReader.Read(directory, start))
                {
                    await output.WriteLineAsync(Encoding.UTF8.GetString(record.Payload.Span));
                }

                return ExitCodes.Ok;
            }

            try
            {
                await foreach (var record in EventLogReader.FollowAsync(directory, start, PollInterval, cancellationToken))
                {
                    await output.WriteLineAsync(Encoding.UTF8.GetString(record.Payload.Span));
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Interrupted (Ctrl+C, SIGTERM): the normal way for --follow to end. System.CommandLine then exits
                // with 128 + the signal number, as a shell reports an interrupted command.
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
