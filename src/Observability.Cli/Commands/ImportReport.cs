using System.Text.Json;

namespace Observability.Cli.Commands;

/// <summary>One rejected line of an import.</summary>
/// <param name="Line">The line number in the file (1-based).</param>
/// <param name="Id">The event id, when it had one.</param>
/// <param name="Field">The offending field.</param>
/// <param name="Reason">What is wrong.</param>
internal sealed record ImportRejection(int Line, string? Id, string? Field, string? Reason);

/// <summary>What an import did, summed over its batches.</summary>
internal sealed class ImportReport(string file)
{
    public string File { get; } = file;

    public int Events { get; private set; }

    public int Batches { get; private set; }

    public int Accepted { get; private set; }

    public int Duplicates { get; private set; }

    public int Rejected { get; private set; }

    public List<ImportRejection> Rejections { get; } = [];

    public void Add(JsonElement result, JsonElement items, IReadOnlyList<int> lines)
    {
        Batches++;
        Events += lines.Count;
        Accepted += result.GetProperty("accepted").GetInt32();
        Duplicates += result.GetProperty("duplicates").GetInt32();
        Rejected += result.GetProperty("rejected").GetInt32();
        foreach (var item in items.EnumerateArray())
        {
            if (item.GetProperty("status").GetString() == "rejected")
            {
                var index = item.GetProperty("index").GetInt32();
                Rejections.Add(new ImportRejection(
                    index < lines.Count ? lines[index] : -1,
                    item.TryGetProperty("id", out var id) ? id.GetString() : null,
                    item.TryGetProperty("field", out var field) ? field.GetString() : null,
                    item.TryGetProperty("reason", out var reason) ? reason.GetString() : null));
            }
        }
    }
}
