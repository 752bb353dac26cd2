using System.CommandLine;
using System.Text.Json;

namespace Observability.Cli.Commands;

/// <summary>
/// The <c>--url</c> side of <c>refresh</c>: the running sidecar rebuilds its views (<c>POST /api/v1/admin/refresh</c>,
/// not retried: a refresh is not an event with an id) while its progress is polled (<c>GET</c>) for the bar or the plain
/// lines. Exit code 1 when the sidecar cannot be reached or refuses.
/// </summary>
internal static class RefreshOnline
{
    private const string Path = "api/v1/admin/refresh";

    /// <summary>How long a refresh may take before the CLI gives up waiting (the sidecar finishes it anyway).</summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromHours(1);

    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(250);

    public static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var error = parse.InvocationConfiguration.Error;
        if (CommonOptions.BaseAddress(parse) is not { } url)
        {
            await error.WriteLineAsync($"agentobs: --url '{parse.GetValue(CommonOptions.Url)}' is not an absolute http or https URL.");
            return ExitCodes.Usage;
        }

        using var client = new SidecarClient(url, maxRetries: 0, timeout: MaxWait, token: CommonOptions.TokenOf(parse));
        using var poller = new SidecarClient(url, maxRetries: 0, token: CommonOptions.TokenOf(parse));
        SidecarAnswer answer;
        try
        {
            answer = await CliProgress.RunAsync(parse, "refresh", "records", null, async progress =>
            {
                var refresh = client.PostAsync(Path, [], "application/json", cancellationToken);
                while (await Task.WhenAny(refresh, Task.Delay(PollEvery, cancellationToken)) != refresh)
                {
                    var status = await poller.GetAsync(Path, cancellationToken);
                    if (status.IsSuccess && status.Json is { } json && json.GetProperty("running").GetBoolean())
                    {
                        progress.Total = json.GetProperty("total").GetInt64();
                        progress.Report(json.GetProperty("events").GetInt64());
                    }
                }

                var done = await refresh;
                if (done.IsSuccess && done.Json is { } result)
                {
                    progress.Total = result.GetProperty("events").GetInt64() + result.GetProperty("unreadable").GetInt64();
                    progress.Report(progress.Total.Value);
                }

                return done;
            });
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync($"agentobs: cannot reach the sidecar at {url}: {e.Message}");
            return ExitCodes.Failed;
        }

        if (!answer.IsSuccess || answer.Json is null)
        {
            return await CliApp.FailAsync(parse, "POST /api/v1/admin/refresh", answer);
        }

        var refreshed = answer.Json.Value.Deserialize<RefreshAnswer>(CliJson.Answers)
            ?? throw new JsonException("The sidecar's refresh answer is empty.");
        await RefreshCommand.Print(parse, refreshed);
        return ExitCodes.Ok;
    }
}
