using System.Diagnostics;
using System.Text.Json;
using Observability.Statistics.Tests.Support;

namespace Observability.Statistics.Tests;

/// <summary>
/// The committed fixture must be what reference/generate.py writes today: a changed script that was not re-run, or a
/// SciPy, statsmodels or mpmath upgrade that moves an answer, fails here. Needs Debian's /usr/bin/python3 with
/// python3-scipy, python3-statsmodels and python3-mpmath (scripts/test.sh installs them).
/// </summary>
public sealed class ReferenceDriftTests
{
    private const string Python = "/usr/bin/python3";

    [Fact]
    public void GenerateScript_RerunNow_ReproducesTheCommittedFixture()
    {
        var modules = Run("-c \"import numpy, scipy, statsmodels, mpmath\"", TimeSpan.FromMinutes(1));
        Assert.True(
            modules.ExitCode == 0,
            $"{Python} lacks the reference modules; install python3-scipy python3-statsmodels python3-mpmath (scripts/test.sh does): {modules.Error}");

        var script = Path.Combine(ReferenceFixture.Directory, "generate.py");
        var generated = Run($"\"{script}\"", TimeSpan.FromMinutes(5));
        Assert.True(generated.ExitCode == 0, $"generate.py failed: {generated.Error}");

        var committed = ReferenceFixture.Load(File.ReadAllText(ReferenceFixture.FixturePath));
        var fresh = ReferenceFixture.Load(generated.Output);
        CompareTrees(committed, fresh, "$");
    }

    [Fact]
    public void CompareTrees_ChangedNumber_IsCaught()
    {
        // The comparison itself must be able to fail.
        var a = ReferenceFixture.Load("""{"rates": [{"p": 0.25}]}""");
        var b = ReferenceFixture.Load("""{"rates": [{"p": 0.2500001}]}""");
        Assert.ThrowsAny<Exception>(() => CompareTrees(a, b, "$"));
        CompareTrees(a, a, "$");
    }

    private static void CompareTrees(JsonElement committed, JsonElement fresh, string path)
    {
        Assert.True(committed.ValueKind == fresh.ValueKind, $"{path}: {committed.ValueKind} committed, {fresh.ValueKind} now");
        switch (committed.ValueKind)
        {
            case JsonValueKind.Object:
                var names = committed.EnumerateObject().Select(p => p.Name).ToArray();
                Assert.Equal(names, fresh.EnumerateObject().Select(p => p.Name).ToArray());
                foreach (var name in names)
                {
                    // The library versions are information, not a reference value: a newer SciPy that gives the same
                    // answers is no drift.
                    if (name != "versions")
                    {
                        CompareTrees(committed.GetProperty(name), fresh.GetProperty(name), $"{path}.{name}");
                    }
                }

                break;
            case JsonValueKind.Array:
                Assert.True(committed.GetArrayLength() == fresh.GetArrayLength(), $"{path}: length {committed.GetArrayLength()} committed, {fresh.GetArrayLength()} now");
                var i = 0;
                foreach (var (c, f) in committed.EnumerateArray().Zip(fresh.EnumerateArray()))
                {
                    CompareTrees(c, f, $"{path}[{i++}]");
                }

                break;
            case JsonValueKind.Number:
                // SciPy's Boschloo maximises numerically, so it is allowed the exact test's tolerance; all else 1e-9.
                var relative = path.Contains("boschloo", StringComparison.Ordinal) ? Close.ExactTest : Close.ClosedForm;
                Close.Equal(committed.GetDouble(), fresh.GetDouble(), relative, path);
                break;
            default:
                Assert.True(committed.ToString() == fresh.ToString(), $"{path}: '{committed}' committed, '{fresh}' now");
                break;
        }
    }

    private static (int ExitCode, string Output, string Error) Run(string arguments, TimeSpan timeout)
    {
        Assert.True(File.Exists(Python), $"{Python} is missing: the reference check needs Debian's python3");
        using var process = Process.Start(new ProcessStartInfo(Python, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{Python} {arguments} ran longer than {timeout}");
        }

        return (process.ExitCode, output.Result, error.Result);
    }
}
