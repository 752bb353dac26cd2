using System.Globalization;

namespace Observability.Benchmarks;

/// <summary>Minimal "--name value" option parsing for the non-BenchmarkDotNet modes.</summary>
internal static class Cli
{
    public static string? String(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    public static int Int(string[] args, string name, int fallback) =>
        String(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
}
