using System.Text.Json;
using Observability.EventLog.Internal;

namespace Observability.EventLog.Archive;

/// <summary>
/// <c>archive/manifest.json</c>: every archive with its checksum and sequence range, oldest first. Written whole and
/// durably (temporary file, fsync, rename), so a crash leaves the old list or the new one.
/// </summary>
public static class ArchiveManifest
{
    /// <summary>The manifest's file name in the archive directory.</summary>
    public const string FileName = "manifest.json";

    /// <summary>The entries, oldest first; empty when there is no manifest.</summary>
    /// <exception cref="InvalidDataException">The manifest cannot be parsed.</exception>
    public static List<ArchiveEntry> Read(string archiveDirectory)
    {
        var path = Path.Combine(archiveDirectory, FileName);
        if (!File.Exists(path))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var entries = new List<ArchiveEntry>();
            foreach (var item in document.RootElement.GetProperty("archives").EnumerateArray())
            {
                entries.Add(new ArchiveEntry(
                    item.GetProperty("file").GetString() ?? throw new InvalidDataException("an archive without a file name"),
                    item.GetProperty("sha256").GetString() ?? throw new InvalidDataException("an archive without a checksum"),
                    item.GetProperty("firstSequence").GetInt64(),
                    item.GetProperty("lastSequence").GetInt64(),
                    item.GetProperty("records").GetInt64()));
            }

            entries.Sort((a, b) => a.FirstSequence.CompareTo(b.FirstSequence));
            return entries;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path} is not an archive manifest: {e.Message}", e);
        }
    }

    /// <summary>Replaces the manifest with <paramref name="entries"/>, durably.</summary>
    public static void Write(string archiveDirectory, IReadOnlyList<ArchiveEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        Directory.CreateDirectory(archiveDirectory);
        DurableFile.Write(Path.Combine(archiveDirectory, FileName), stream =>
        {
            using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            json.WriteStartObject();
            json.WriteNumber("version", 1);
            json.WriteStartArray("archives");
            foreach (var entry in entries)
            {
                json.WriteStartObject();
                json.WriteString("file", entry.File);
                json.WriteString("sha256", entry.Sha256);
                json.WriteNumber("firstSequence", entry.FirstSequence);
                json.WriteNumber("lastSequence", entry.LastSequence);
                json.WriteNumber("records", entry.Records);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
    }
}
