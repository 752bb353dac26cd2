using System.Text.RegularExpressions;
using Observability.Ops.Tests.Support;

namespace Observability.Ops.Tests;

/// <summary>The shell scripts run from any checkout: no path of one machine in them.</summary>
public sealed partial class BenchScriptTests
{
    [Fact]
    public void Scripts_AbsolutePathsOfOneMachine_None()
    {
        var scripts = Directory.GetFiles(Repo.Path("bench"), "*.sh").Concat(Directory.GetFiles(Repo.Path("scripts"), "*.sh")).ToList();
        Assert.Contains(scripts, s => s.EndsWith("scrape-vs-pushgateway.sh", StringComparison.Ordinal));

        var found = scripts.SelectMany(s => File.ReadAllLines(s).Select((line, i) => (Script: Path.GetFileName(s), Line: i + 1, Text: line)))
            .Where(l => MachinePath().IsMatch(l.Text))
            .Select(l => $"{l.Script}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.True(found.Count == 0, "paths of one machine:\n" + string.Join("\n", found));
    }

    [Fact]
    public void ScrapeBench_PeerDirDefault_IsTheSharedFolderBesideTheRepository()
    {
        var script = File.ReadAllText(Repo.Path("bench", "scrape-vs-pushgateway.sh"));

        Assert.Contains("PEER_DIR=${PEER_DIR:-../shared/peers/promclient}\n", script, StringComparison.Ordinal);
        Assert.Contains("""[[ "$PEER_DIR" = /* ]] || PEER_DIR="$ROOT/$PEER_DIR" """.TrimEnd(), script, StringComparison.Ordinal);
        Assert.True(script.IndexOf("ROOT=", StringComparison.Ordinal) < script.IndexOf("PEER_DIR=\"$ROOT/", StringComparison.Ordinal), "ROOT must be set before PEER_DIR is resolved against it");
    }

    // Home and work folders of one machine: /work/..., /home/<user>/..., /Users/<user>/..., /root/...
    [GeneratedRegex(@"(?<![\w.$}])/(work|home|Users|root)/")]
    private static partial Regex MachinePath();
}
