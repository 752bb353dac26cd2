using System.CommandLine;

namespace Observability.Cli.Commands;

/// <summary><c>agentobs summary</c>: ADR-009's aggregates from <c>GET /api/v1/summary</c>.</summary>
internal static class SummaryCommand
{
    public static Command Create()
    {
        var command = new Command("summary", "ADR-009 aggregates: tasks, chains, requests, per model (GET /api/v1/summary).");
        command.SetAction((parse, cancellationToken) => ApiRead.RunAsync(
            parse, "summary", "api/v1/summary", events => OfflineAnalytics.Summary(events, TimeProvider.System.GetUtcNow()), cancellationToken));
        return command;
    }
}
