using System.Globalization;
using Observability.Cli.Tests.Support;
using Observability.Sidecar.Tests.Support;

namespace Observability.Cli.Tests;

/// <summary>
/// Every command's exit codes as the README states them, the built CLI run as a process: 0 done, 1 failed (a sidecar
/// that cannot be reached, a data directory that does not exist or is in use), 2 usage (a command line that does not
/// parse, a mode the command does not support, a bad value). Success and failure against a running sidecar are in
/// the other CLI tests; here {data} is a data directory with an empty log, {nowhere} one that does not exist and
/// {down} a loopback URL nothing listens on.
/// </summary>
public sealed class ExitCodeTests
{
    [Theory]
    [InlineData(2, "")]
    [InlineData(0, "--help")]
    [InlineData(2, "no-such-command")]
    [InlineData(2, "metrics --no-such-option")]
    [InlineData(0, "metrics --data-dir {data}")]
    [InlineData(1, "metrics --data-dir {nowhere}")]
    [InlineData(1, "metrics --url {down}")]
    [InlineData(2, "metrics --url ftp://example.invalid")]
    [InlineData(0, "summary --data-dir {data} --at 2025-12-07T10:00:00Z")]
    [InlineData(2, "summary --data-dir {data} --from 2025-12-08T00:00:00Z --to 2025-12-07T00:00:00Z")]
    [InlineData(2, "summary --data-dir {data} --at yesterday")]
    [InlineData(1, "summary --url {down}")]
    [InlineData(0, "scoreboard --data-dir {data} --window 30d")]
    [InlineData(2, "scoreboard --data-dir {data} --window 3d")]
    [InlineData(1, "scoreboard --url {down}")]
    [InlineData(2, "emit --entity-id T1")]
    [InlineData(2, "emit --type task:created --entity-id T1 --data-dir {data}")]
    [InlineData(2, "emit --type task:created --entity-id T1 --tokens-in 5 --url {down}")]
    [InlineData(1, "emit --type task:created --entity-id T1 --retries 0 --url {down}")]
    [InlineData(2, "import")]
    [InlineData(2, "import {nowhere}")]
    [InlineData(2, "import {nowhere} --from-git {data}")]
    [InlineData(2, "import --from-git {data} --batch-size 0")]
    [InlineData(2, "import --from-git {nowhere} --dry-run")]
    [InlineData(0, "verify --data-dir {data}")]
    [InlineData(1, "verify --data-dir {nowhere}")]
    [InlineData(2, "verify")]
    [InlineData(0, "tail --data-dir {data}")]
    [InlineData(2, "tail")]
    [InlineData(2, "tail --data-dir {data} --lines -1")]
    [InlineData(0, "experiments --data-dir {data}")]
    [InlineData(1, "experiments no-such-experiment --data-dir {data}")]
    [InlineData(1, "experiments --url {down}")]
    [InlineData(0, "goals --data-dir {data}")]
    [InlineData(1, "goals no-such-goal --data-dir {data}")]
    [InlineData(2, "assign exp unit --data-dir {data}")]
    [InlineData(1, "assign exp unit --url {down}")]
    [InlineData(2, "deploy-files --namespace 'Bad Name' --out {nowhere}")]
    [InlineData(0, "refresh --data-dir {data}")]
    [InlineData(1, "refresh --data-dir {nowhere}")]
    [InlineData(1, "refresh --url {down}")]
    [InlineData(2, "refresh --url ftp://example.invalid")]
    [InlineData(2, "refresh --url {down} --settings {nowhere}")]
    [InlineData(0, "compact --data-dir {data} --before 2025-12-07")]
    [InlineData(1, "compact --data-dir {nowhere} --before 2025-12-07")]
    [InlineData(2, "compact --data-dir {data} --before 2999-01-01")]
    [InlineData(2, "compact --data-dir {data} --before yesterday")]
    [InlineData(2, "compact --data-dir {data}")]
    [InlineData(2, "compact --before 2025-12-07")]
    [InlineData(0, "restore-archive --data-dir {data}")]
    [InlineData(1, "restore-archive --data-dir {nowhere}")]
    [InlineData(2, "restore-archive")]
    [InlineData(0, "completion bash")]
    [InlineData(2, "completion fish")]
    public async Task Command_Outcome_ExitCodeAsTheReadmeSays(int expected, string commandLine)
    {
        using var directory = new TempDirectory("cli-exit");
        Directory.CreateDirectory(directory.Combine("data", "events"));
        var down = $"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}";
        var arguments = Split(commandLine)
            .Select(a => a.Replace("{data}", directory.Combine("data"), StringComparison.Ordinal)
                .Replace("{nowhere}", directory.Combine("nowhere"), StringComparison.Ordinal)
                .Replace("{down}", down, StringComparison.Ordinal))
            .ToArray();

        var result = await CliProcess.RunAsync(arguments);

        Assert.True(result.ExitCode == expected, $"agentobs {commandLine}: {result}");
        if (expected != 0)
        {
            Assert.NotEqual(string.Empty, result.StandardError);
        }
    }

    // Words, with '...' keeping a value that has spaces together.
    private static IEnumerable<string> Split(string commandLine)
    {
        var quoted = commandLine.Split('\'');
        for (var i = 0; i < quoted.Length; i++)
        {
            if (i % 2 == 1)
            {
                yield return quoted[i];
                continue;
            }

            foreach (var word in quoted[i].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                yield return word;
            }
        }
    }
}
