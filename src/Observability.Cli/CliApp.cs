using System.CommandLine;
using Observability.Cli.Commands;

namespace Observability.Cli;

/// <summary>The command tree.</summary>
internal static class CliApp
{
    public static RootCommand Build()
    {
        var root = new RootCommand("agentobs: the agent pipeline observability sidecar's command line.");
        root.Options.Add(CommonOptions.Url);
        root.Options.Add(CommonOptions.Token);
        root.Options.Add(CommonOptions.DataDir);
        root.Options.Add(CommonOptions.Json);
        root.Subcommands.Add(MetricsCommand.Create());
        root.Subcommands.Add(SummaryCommand.Create());
        root.Subcommands.Add(ScoreboardCommand.Create());
        root.Subcommands.Add(EmitCommand.Create());
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(VerifyCommand.Create());
        root.Subcommands.Add(TailCommand.Create());
        root.Subcommands.Add(DeployFilesCommand.Create());
        root.Subcommands.Add(ExperimentsCommand.Create());
        root.Subcommands.Add(GoalsCommand.Create());
        root.Subcommands.Add(AssignCommand.Create());
        root.Subcommands.Add(RefreshCommand.Create());
        root.Subcommands.Add(CompletionCommand.Create());
        root.Subcommands.Add(ProposalsCommand.Create());
        root.Subcommands.Add(ReviewCommand.Create());
        root.Subcommands.Add(FindingsCommand.Create());
        root.Subcommands.Add(ReflectCommand.Create());
        root.Subcommands.Add(ContextCommand.Create());
        root.Subcommands.Add(CompactCommand.Create());
        root.Subcommands.Add(RestoreArchiveCommand.Create());
        return root;
    }

    /// <summary>
    /// Parses and runs <paramref name="args"/>. A command line System.CommandLine cannot parse (an unknown command or
    /// option, a value outside an option's choices, a missing command) is a usage error: its message and the help are
    /// printed and the exit code is <see cref="ExitCodes.Usage"/>, where the library's own default would be 1, the code
    /// for a failed operation.
    /// </summary>
    public static async Task<int> InvokeAsync(string[] args)
    {
        var parse = Build().Parse(args);
        var exitCode = await parse.InvokeAsync().ConfigureAwait(false);
        return parse.Errors.Count > 0 ? ExitCodes.Usage : exitCode;
    }

    /// <summary>Runs <paramref name="body"/> with a client for <c>--url</c>; an unreachable sidecar is exit code 1 with a message.</summary>
    public static async Task<int> WithSidecarAsync(ParseResult parse, Func<SidecarClient, TextWriter, Task<int>> body, CancellationToken cancellationToken)
    {
        var error = parse.InvocationConfiguration.Error;
        if (CommonOptions.BaseAddress(parse) is not { } url)
        {
            await error.WriteLineAsync($"agentobs: --url '{parse.GetValue(CommonOptions.Url)}' is not an absolute http or https URL.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        using var client = new SidecarClient(url, token: CommonOptions.TokenOf(parse));
        try
        {
            return await body(client, parse.InvocationConfiguration.Output).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync($"agentobs: cannot reach the sidecar at {url}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
    }

    /// <summary>Prints a failed answer to stderr and returns exit code 1.</summary>
    public static async Task<int> FailAsync(ParseResult parse, string what, SidecarAnswer answer)
    {
        await parse.InvocationConfiguration.Error.WriteLineAsync($"agentobs: {what} failed: {answer.Detail}").ConfigureAwait(false);
        return ExitCodes.Failed;
    }
}
