using System.Globalization;
using System.Text.Json;

namespace Observability.Cli.Commands;

/// <summary>What an import from git read and inferred.</summary>
internal sealed class GitImportSummary(string repository, DateTimeOffset? since)
{
    private readonly SortedDictionary<string, int> _byType = new(StringComparer.Ordinal);

    public DateTimeOffset? Since { get; } = since;

    public int Commits { get; set; }

    public int Events { get; private set; }

    /// <summary>Events inferred from commits before <see cref="Since"/>, not imported.</summary>
    public int BeforeSince { get; set; }

    public void Count(string eventType)
    {
        Events++;
        _byType[eventType] = _byType.GetValueOrDefault(eventType) + 1;
    }

    public string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"{repository}: {Commits} commits, {Events} events") +
        (_byType.Count == 0 ? string.Empty : $" ({string.Join(", ", _byType.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Key} {t.Value}")))})") +
        (Since is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $", {BeforeSince} before --since left out"));

    /// <summary>
    /// The summary as JSON: with the events of a dry run (<paramref name="items"/>) or what the sidecar answered
    /// (<paramref name="report"/>); the keys of the other are left out.
    /// </summary>
    public object ToJson(IEnumerable<JsonElement>? items, ImportReport? report) => new
    {
        repository,
        since = Since?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        dry_run = report is null,
        commits = Commits,
        events = Events,
        before_since = BeforeSince,
        by_type = _byType,
        items,
        batches = report?.Batches,
        accepted = report?.Accepted,
        duplicates = report?.Duplicates,
        rejected = report?.Rejected,
        rejections = report?.Rejections,
    };
}
