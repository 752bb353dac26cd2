using System.Runtime.CompilerServices;

namespace Observability.Metrics.Tests.Support;

/// <summary>
/// Compares output with a file under <c>Golden/</c>. Set <c>UPDATE_GOLDEN=1</c> to rewrite the files in
/// the source tree instead (then review the diff and commit it).
/// </summary>
internal static class GoldenFile
{
    public static bool Updating => Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1";

    public static string SourceDirectory([CallerFilePath] string path = "") =>
        Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(path)!)!, "Golden");

    public static void Verify(string name, string actual)
    {
        var sourcePath = Path.Combine(SourceDirectory(), name);
        if (Updating)
        {
            File.WriteAllText(sourcePath, actual);
            return;
        }

        var expectedPath = Path.Combine(AppContext.BaseDirectory, "Golden", name);
        Assert.True(File.Exists(expectedPath), $"Golden file {name} is missing; run the tests with UPDATE_GOLDEN=1 to create it.");
        var expected = File.ReadAllText(expectedPath);
        if (expected != actual)
        {
            // Show the first differing line: a whole-file diff of a large exposition is unreadable.
            var e = expected.Split('\n');
            var a = actual.Split('\n');
            for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
            {
                var el = i < e.Length ? e[i] : "<end>";
                var al = i < a.Length ? a[i] : "<end>";
                Assert.True(el == al, $"{name} differs at line {i + 1}:\nexpected: {el}\nactual:   {al}\n(UPDATE_GOLDEN=1 rewrites it.)");
            }
        }
    }
}
