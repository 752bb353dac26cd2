using System.Diagnostics;
using System.Globalization;
using System.CommandLine;
using Spectre.Console;

namespace Observability.Cli;

/// <summary>
/// Progress of long work (import, refresh, <c>--from-git</c>) on standard error, so standard output keeps only the
/// answer: a Spectre.Console bar with the count and rate on a terminal, and when standard error is not a terminal (a
/// pipe, a CI log) a plain line every few seconds and one at the end.
/// </summary>
internal sealed class CliProgress
{
    /// <summary>How often the plain lines come; <c>AGENTOBS_PROGRESS_INTERVAL_MS</c> overrides it (tests use a short one).</summary>
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(2);

    private readonly string _what;
    private readonly string _unit;
    private readonly TextWriter _error;
    private readonly TimeSpan _interval;
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _lastLine;
    private ProgressTask? _bar;

    private CliProgress(string what, string unit, long? total, TextWriter error)
    {
        _what = what;
        _unit = unit;
        Total = total;
        _error = error;
        _lastLine = _started;
        _interval = int.TryParse(Environment.GetEnvironmentVariable("AGENTOBS_PROGRESS_INTERVAL_MS"), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? TimeSpan.FromMilliseconds(ms)
            : DefaultInterval;
    }

    /// <summary>The work's size in units, when known.</summary>
    public long? Total { get; set; }

    /// <summary>Units done so far.</summary>
    public long Done { get; private set; }

    /// <summary>Time since the work started.</summary>
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

    /// <summary>
    /// Runs <paramref name="work"/> with a progress reporter for <paramref name="what"/>, counted in <paramref name="unit"/>.
    /// </summary>
    public static async Task<T> RunAsync<T>(ParseResult parse, string what, string unit, long? total, Func<CliProgress, Task<T>> work)
    {
        var error = parse.InvocationConfiguration.Error;
        var progress = new CliProgress(what, unit, total, error);
        if (!IsTerminal(error))
        {
            var result = await work(progress).ConfigureAwait(false);
            progress.Line(final: true);
            return result;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                progress._bar = context.AddTask(what, maxValue: Math.Max(1, total ?? 1));
                progress._bar.IsIndeterminate = total is null;
                var result = await work(progress).ConfigureAwait(false);
                progress._bar.MaxValue = Math.Max(1, progress.Total ?? progress.Done);
                progress._bar.Value = progress._bar.MaxValue;
                progress._bar.StopTask();
                return result;
            }).ConfigureAwait(false);
    }

    /// <summary>Adds <paramref name="units"/> done.</summary>
    public void Advance(long units = 1) => Report(Done + units);

    /// <summary>Sets the units done.</summary>
    public void Report(long done)
    {
        Done = done;
        if (_bar is { } bar)
        {
            if (Total is { } total)
            {
                bar.IsIndeterminate = false;
                bar.MaxValue = Math.Max(1, total);
            }

            bar.Value = Math.Min(done, bar.MaxValue);

            // The count and rate in the description: Spectre's plain renderer (a console it cannot redraw) shows only
            // the description and the percentage.
            bar.Description = $"{_what}: {Count()} ({Rate()} {_unit}/s)";
            return;
        }

        var now = Stopwatch.GetTimestamp();
        if (Stopwatch.GetElapsedTime(_lastLine, now) >= _interval)
        {
            _lastLine = now;
            Line(final: false);
        }
    }

    private string Rate()
    {
        var seconds = Elapsed.TotalSeconds;
        return seconds <= 0 ? "-" : (Done / seconds).ToString("0", CultureInfo.InvariantCulture);
    }

    private string Count() => Total is { } total
        ? string.Create(CultureInfo.InvariantCulture, $"{Done}/{total} {_unit}")
        : string.Create(CultureInfo.InvariantCulture, $"{Done} {_unit}");

    private void Line(bool final) =>
        _error.WriteLine(final
            ? string.Create(CultureInfo.InvariantCulture, $"agentobs {_what}: {Count()} in {Elapsed.TotalSeconds:0.0} s ({Rate()} {_unit}/s), done")
            : $"agentobs {_what}: {Count()} ({Rate()} {_unit}/s)");

    // A terminal only when the writer is the process's own standard error and that is not redirected.
    private static bool IsTerminal(TextWriter error) =>
        !Console.IsErrorRedirected && ReferenceEquals(error, Console.Error) && Environment.GetEnvironmentVariable("TERM") != "dumb";
}
