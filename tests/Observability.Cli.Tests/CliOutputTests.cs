using System.Diagnostics;
using System.Text.Json;
using Observability.Cli.Tests.Support;
using Observability.Sidecar.Tests.Support;

namespace Observability.Cli.Tests;

/// <summary>
/// What people see: the same JSON offline and online, plain ISO 8601 and quotes (no \u escapes), tables with units,
/// summary's time scope, emit's token flags and generated ids, shell completion and the packaged .NET tool.
/// </summary>
public sealed class CliOutputTests
{
    [Fact]
    public async Task SummaryAndEmit_AgainstSidecarAndItsDataDirectory_SameJsonPlainTextTablesAndScope()
    {
        using var directory = new TempDirectory("cli-output");
        var data = directory.Combine("data");
        await using var sidecar = await SidecarProcess.StartAsync(data);
        var url = sidecar.BaseAddress.ToString();

        var started = await CliProcess.RunAsync("emit", "--url", url, "--type", "task:started", "--entity-id", "001-create-adr", "--chain-id", "CHAIN-031", "--timestamp", "2025-12-07T10:10:00+01:00", "--json");
        Assert.True(started.ExitCode == 0, started.ToString());
        var id = started.Json.GetProperty("items")[0].GetProperty("id").GetString();
        Assert.StartsWith("cli-", id, StringComparison.Ordinal);

        // ADR-009's manual token tracking.
        var completed = await CliProcess.RunAsync(
            "emit", "--url", url, "--type", "task:completed", "--entity-id", "001-create-adr", "--model", "claude-3-5-sonnet", "--tokens-in", "5000", "--tokens-out", "2000", "--timestamp", "2025-12-07T09:30:00Z");
        Assert.True(completed.ExitCode == 0, completed.ToString());

        // A --body without an id gets one (and is accepted, not rejected for the missing id).
        var body = await CliProcess.RunAsync("emit", "--url", url, "--body", """{"timestamp":"2025-12-07T09:40:00Z","eventType":"chain:created","entityId":"CHAIN-031"}""");
        Assert.True(body.ExitCode == 0, body.ToString());
        Assert.Matches("^accepted cli-[0-9a-f]{32}$", body.StandardOutput);

        // A rejection's reason with a quote in it, as text: no \u0027.
        var rejected = await CliProcess.RunAsync("emit", "--url", url, "--body", """{"id":"bad","timestamp":"it's","eventType":"task:started","entityId":"x"}""");
        Assert.True(rejected.ExitCode == 1, rejected.ToString());
        Assert.Contains("'it's' is not an ISO 8601 timestamp", rejected.StandardOutput, StringComparison.Ordinal);

        var at = "2025-12-07T09:20:00+00:00";
        var online = await CliProcess.RunAsync("summary", "--url", url, "--at", at, "--json");
        var offline = await CliProcess.RunAsync("summary", "--data-dir", data, "--at", at, "--json");
        Assert.True(online.ExitCode == 0, online.ToString());
        Assert.True(offline.ExitCode == 0, offline.ToString());
        Assert.Equal(WithoutClock(online.StandardOutput), WithoutClock(offline.StandardOutput));
        Assert.Contains("\"at\": \"2025-12-07T09:20:00+00:00\"", offline.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", offline.StandardOutput + online.StandardOutput, StringComparison.Ordinal);

        // As at 09:20 only the start (09:10Z) had happened; over all time the task is done with its 20-minute cycle.
        Assert.Equal(0, online.Json.GetProperty("tasks").GetProperty("completed").GetInt32());
        var all = await CliProcess.RunAsync("summary", "--url", url, "--json");
        var allOffline = await CliProcess.RunAsync("summary", "--data-dir", data, "--json");
        Assert.Equal(WithoutClock(all.StandardOutput), WithoutClock(allOffline.StandardOutput));
        Assert.Equal("""{"at":null,"from":null,"to":null}""", allOffline.Json.GetProperty("scope").GetRawText().Replace(" ", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal));
        var agent = all.Json.GetProperty("agents").GetProperty("claude-3-5-sonnet");
        Assert.Equal(5000, agent.GetProperty("total_tokens").GetProperty("input").GetInt64());
        Assert.Equal(2000, agent.GetProperty("total_tokens").GetProperty("output").GetInt64());

        var table = await CliProcess.RunAsync("summary", "--data-dir", data);
        Assert.True(table.ExitCode == 0, table.ToString());
        var lines = table.StandardOutput.Split('\n');
        Assert.Equal("          TOTAL  DONE  REWORKED  AVG CYCLE  P50 CYCLE  P90 CYCLE  AVG TASKS", lines[2]);
        Assert.Equal("tasks     1      1     0         20.0 min   20.0 min   20.0 min   -", lines[3]);
        Assert.Equal("chains    1      0     -         -          -          -          1", lines[4]);
        Assert.Contains("claude-3-5-sonnet  1           0.0%         20.0 min   5000       2000", lines);
    }

    [Fact]
    public async Task Completion_BashScript_SuggestsCommandsAndOptions()
    {
        using var directory = new TempDirectory("cli-completion");
        var shim = directory.Combine("agentobs");
        await File.WriteAllTextAsync(shim, $"#!/bin/sh\nexec dotnet '{CliProcess.Dll}' \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(shim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        const string Script = """
            eval "$(agentobs completion bash)"
            COMP_LINE="agentobs sc"; COMP_POINT=11; COMP_WORDS=(agentobs sc); COMP_CWORD=1; _agentobs_complete; echo "${COMPREPLY[*]}"
            COMP_LINE="agentobs import --from"; COMP_POINT=22; COMP_WORDS=(agentobs import --from); COMP_CWORD=2; _agentobs_complete; echo "${COMPREPLY[*]}"
            """;

        var (exit, output) = await RunAsync("bash", ["-c", Script], new Dictionary<string, string?> { ["PATH"] = $"{directory.Path}:{Environment.GetEnvironmentVariable("PATH")}" });

        Assert.True(exit == 0, output);
        Assert.Equal(["scoreboard", "--from-git"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task ToolPackage_PackedAndInstalledIntoToolPath_RunsAsAgentobs()
    {
        using var directory = new TempDirectory("cli-tool");
        var project = Path.Combine(Artifacts.RepositoryRoot, "src", "Observability.Cli");
        var packages = directory.Combine("packages");

        // The test project built the CLI already; pack only packs it. A private NuGet cache, so the install cannot
        // take an earlier build's package of the same version from the machine's cache.
        var environment = new Dictionary<string, string?> { ["NUGET_PACKAGES"] = directory.Combine("nuget-cache"), ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" };
        var (packed, packOutput) = await RunAsync("dotnet", ["pack", project, "-c", Artifacts.Configuration, "--no-build", "-o", packages, "-nologo"], environment);
        Assert.True(packed == 0, packOutput);
        var package = Assert.Single(Directory.GetFiles(packages, "agentobs.*.nupkg"));
        var version = Path.GetFileNameWithoutExtension(package)["agentobs.".Length..];

        var tools = directory.Combine("tools");
        var (installed, installOutput) = await RunAsync("dotnet", ["tool", "install", "agentobs", "--tool-path", tools, "--add-source", packages, "--version", version], environment);
        Assert.True(installed == 0, installOutput);

        var (help, helpOutput) = await RunAsync(Path.Combine(tools, "agentobs"), ["--help"], environment);
        Assert.True(help == 0, helpOutput);
        Assert.Contains("agentobs [command] [options]", helpOutput, StringComparison.Ordinal);
        Assert.Contains("refresh", helpOutput, StringComparison.Ordinal);
        var (bad, badOutput) = await RunAsync(Path.Combine(tools, "agentobs"), ["no-such-command"], environment);
        Assert.True(bad == 2, badOutput);
    }

    private static string WithoutClock(string json)
    {
        using var document = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(document.RootElement.EnumerateObject().Where(p => p.Name != "computed_at").ToDictionary(p => p.Name, p => p.Value));
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string[] arguments, IReadOnlyDictionary<string, string?> environment)
    {
        await using var child = ChildProcess.Start(file, arguments, environment: environment);
        if (!await child.WaitForExitAsync(TimeSpan.FromMinutes(3)))
        {
            throw new Xunit.Sdk.XunitException($"{file} {string.Join(' ', arguments)} did not exit within 3 minutes:\n{child.Output}");
        }

        var lines = child.Output.Split('\n');
        return (child.ExitCode, string.Join('\n', lines.Select(l => l.StartsWith('!') ? l[1..] : l)).Trim());
    }
}
