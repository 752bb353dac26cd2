using System.CommandLine;
using System.Globalization;
using Observability.Analytics;

namespace Observability.Cli.Commands;

/// <summary>
/// <c>agentobs summary [--at T | --from T --to T]</c>: ADR-009's aggregates from <c>GET /api/v1/summary</c> (the same
/// query parameters), or offline with <c>--data-dir</c>; a table, or the answer's JSON with <c>--json</c>.
/// </summary>
internal static class SummaryCommand
{
    public static Command Create()
    {
        var at = new Option<DateTimeOffset?>("--at") { Description = "The state as it was at this moment (ISO 8601): every event up to it." };
        var from = new Option<DateTimeOffset?>("--from") { Description = "Only events from this moment on (ISO 8601)." };
        var to = new Option<DateTimeOffset?>("--to") { Description = "Only events up to this moment (ISO 8601)." };
        var command = new Command("summary", "ADR-009 aggregates: tasks, chains, requests, per model (GET /api/v1/summary).") { at, from, to };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var scope = new TimeScope(parse.GetValue(from), parse.GetValue(to), parse.GetValue(at));
            if (scope.From > scope.To)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"agentobs summary: --from ({Iso(scope.From!.Value)}) is after --to ({Iso(scope.To!.Value)}).");
                return ExitCodes.Usage;
            }

            return await ApiRead.RunAsync(
                parse, "summary", "api/v1/summary" + Query(scope), events => OfflineAnalytics.Summary(events, scope, TimeProvider.System.GetUtcNow()), SummaryTable.Write, cancellationToken);
        });
        return command;
    }

    private static string Query(TimeScope scope)
    {
        var parameters = new List<string>();
        Add("at", scope.At);
        Add("from", scope.From);
        Add("to", scope.To);
        return parameters.Count == 0 ? string.Empty : "?" + string.Join('&', parameters);

        void Add(string name, DateTimeOffset? value)
        {
            if (value is { } v)
            {
                parameters.Add($"{name}={Uri.EscapeDataString(Iso(v))}");
            }
        }
    }

    private static string Iso(DateTimeOffset value) => value.ToString("O", CultureInfo.InvariantCulture);
}
