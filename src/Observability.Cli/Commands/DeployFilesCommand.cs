using System.CommandLine;
using System.Text.Json;
using Observability.Cli.Deploy;

namespace Observability.Cli.Commands;

/// <summary>
/// <c>agentobs deploy-files --namespace opencode --out DIR [--source .]</c>: the alert and recording rules, their promtool
/// tests and the Grafana dashboards, written for a sidecar started with <c>--Sidecar:Namespace</c>. The repository's
/// files name <c>agentobs_</c> metrics; under another namespace none of them would match a series.
/// </summary>
internal static class DeployFilesCommand
{
    public static Command Create()
    {
        var ns = new Option<string?>("--namespace") { Description = "The sidecar's Sidecar:Namespace, e.g. opencode (the opencode metrics contract's names); empty for none." };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Where to write alerts.yml, prometheus/tests/ and grafana/dashboards/ (created if missing)." };
        var source = new Option<DirectoryInfo>("--source")
        {
            Description = "The repository checkout holding alerts.yml, prometheus/tests/ and grafana/dashboards/.",
            DefaultValueFactory = _ => new DirectoryInfo("."),
        };
        var command = new Command("deploy-files", "Write the rules, promtool tests and dashboards for a metric namespace (--namespace, --out).")
        {
            ns, output, source,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            if (parse.GetValue(ns) is not { } name || parse.GetValue(output) is not { } outputDirectory)
            {
                await error.WriteLineAsync("agentobs deploy-files: needs --namespace NAME and --out DIR.");
                return ExitCodes.Usage;
            }

            if (MetricNamespace.Problem(name) is { } problem)
            {
                await error.WriteLineAsync($"agentobs deploy-files: --namespace: {problem}");
                return ExitCodes.Usage;
            }

            var root = parse.GetValue(source)!.FullName;
            if (Path.GetFullPath(outputDirectory.FullName) == Path.GetFullPath(root))
            {
                await error.WriteLineAsync("agentobs deploy-files: --out must not be the checkout itself (the sources would be overwritten).");
                return ExitCodes.Usage;
            }

            IReadOnlyList<GeneratedFile> files;
            try
            {
                files = DeployFileSet.Generate(root, name, outputDirectory.FullName);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                await error.WriteLineAsync($"agentobs deploy-files: {e.Message}");
                return ExitCodes.Failed;
            }

            var console = parse.InvocationConfiguration.Output;
            if (parse.GetValue(CommonOptions.Json))
            {
                await console.WriteLineAsync(JsonSerializer.Serialize(new { @namespace = name, output = outputDirectory.FullName, files }, CliJson.Options));
            }
            else
            {
                foreach (var file in files)
                {
                    await console.WriteLineAsync($"{Path.Combine(outputDirectory.FullName, file.Path)}: {file.Names} names");
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
