using System.Diagnostics;
using System.Text.Json;

namespace Observability.Sidecar.Tests.Experiments;

/// <summary>
/// The committed experiments fixture must be what reference/generate.py writes today (SciPy and statsmodels from
/// Debian's /usr/bin/python3; scripts/test.sh installs them): an edited script not re-run, or a library upgrade that
/// moves an answer, fails here.
/// </summary>
public sealed class ExperimentReferenceDriftTests
{
    [Fact]
    public async Task GenerateScript_RerunNow_ReproducesTheCommittedFixture()
    {
        var start = new ProcessStartInfo("/usr/bin/python3", [Path.Combine(ExperimentFixture.Directory, "generate.py")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"generate.py failed (install python3-scipy python3-statsmodels): {await error}");
        using var fresh = JsonDocument.Parse(await output);
        Compare(ExperimentFixture.Load(), fresh.RootElement, "$");
    }

    [Fact]
    public void Compare_ChangedNumber_IsCaught()
    {
        using var a = JsonDocument.Parse("""{"x": [{"rate": 0.25}]}""");
        using var b = JsonDocument.Parse("""{"x": [{"rate": 0.2500001}]}""");
        Assert.ThrowsAny<Exception>(() => Compare(a.RootElement, b.RootElement, "$"));
        Compare(a.RootElement, a.RootElement, "$");
    }

    private static void Compare(JsonElement committed, JsonElement fresh, string path)
    {
        Assert.True(committed.ValueKind == fresh.ValueKind, $"{path}: {committed.ValueKind} committed, {fresh.ValueKind} now");
        switch (committed.ValueKind)
        {
            case JsonValueKind.Object:
                Assert.Equal(committed.EnumerateObject().Select(p => p.Name), fresh.EnumerateObject().Select(p => p.Name));
                foreach (var property in committed.EnumerateObject().Where(p => p.Name != "versions"))
                {
                    Compare(property.Value, fresh.GetProperty(property.Name), $"{path}.{property.Name}");
                }

                break;
            case JsonValueKind.Array:
                Assert.True(committed.GetArrayLength() == fresh.GetArrayLength(), $"{path}: length differs");
                var i = 0;
                foreach (var (c, f) in committed.EnumerateArray().Zip(fresh.EnumerateArray()))
                {
                    Compare(c, f, $"{path}[{i++}]");
                }

                break;
            case JsonValueKind.Number:
                // SciPy's Boschloo maximises numerically: the exact test's tolerance; everything else 1e-9.
                ExperimentFixture.Close(committed.GetDouble(), fresh, path, path.EndsWith(".p_value", StringComparison.Ordinal) ? 1e-6 : 1e-9);
                break;
            default:
                Assert.True(committed.ToString() == fresh.ToString(), $"{path}: '{committed}' committed, '{fresh}' now");
                break;
        }
    }
}
