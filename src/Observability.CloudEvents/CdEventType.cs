using System.Globalization;

namespace Observability.CloudEvents;

/// <summary>
/// A CDEvents type name, <c>dev.cdevents.&lt;subject&gt;.&lt;predicate&gt;.&lt;major&gt;.&lt;minor&gt;.&lt;patch&gt;</c> (the CDEvents
/// CloudEvents binding), split into its parts.
/// </summary>
/// <param name="Subject">The subject, e.g. <c>pipelinerun</c>; free text from the producer, so never a metric label as it is.</param>
/// <param name="Predicate">The predicate, e.g. <c>finished</c>.</param>
/// <param name="Version">The event's schema version, e.g. <c>0.3.0</c> (with any pre-release suffix).</param>
/// <param name="Major">The version's major number.</param>
internal sealed record CdEventType(string Subject, string Predicate, string Version, int Major)
{
    /// <summary>The prefix every CDEvents type carries.</summary>
    public const string Prefix = "dev.cdevents.";

    /// <summary>
    /// The major versions read: the CDEvents specification v0.4 and v0.5 name their events 0.x.y. A 1.x event may change
    /// what a field means, so it is refused rather than mapped by rules written for 0.x.
    /// </summary>
    public const int SupportedMajor = 0;

    /// <summary>True when <paramref name="type"/> starts with the CDEvents prefix, whatever follows.</summary>
    public static bool IsCdEvent(string type) => type.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>Parses a CDEvents type; false, with the reason, when it has the prefix but not the form.</summary>
    public static bool TryParse(string type, out CdEventType? parsed, out string? reason)
    {
        parsed = null;
        reason = null;
        var rest = type.AsSpan(Prefix.Length);
        var parts = rest.ToString().Split('.', 4);
        if (parts.Length < 4 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            reason = $"'{type}' is not a CDEvents type (dev.cdevents.<subject>.<predicate>.<major>.<minor>.<patch>)";
            return false;
        }

        var version = parts[2] + "." + parts[3];
        var numbers = version.Split('-', 2)[0].Split('.');
        if (numbers.Length != 3 || !numbers.All(IsNumber))
        {
            reason = $"'{type}' has no semantic version after the predicate (e.g. .0.3.0)";
            return false;
        }

        parsed = new CdEventType(parts[0], parts[1], version, int.Parse(numbers[0], NumberStyles.None, CultureInfo.InvariantCulture));
        return true;
    }

    private static bool IsNumber(string text) =>
        text.Length is > 0 and <= 9 && text.All(char.IsAsciiDigit);
}
