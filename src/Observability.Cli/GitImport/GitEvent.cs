using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Observability.Cli.GitImport;

/// <summary>
/// One event inferred from a commit. Its id is a hash of the commit, the path and the event type, so importing the same
/// history again sends the same ids and the sidecar stores nothing twice.
/// </summary>
internal sealed record GitEvent(string Commit, DateTimeOffset Time, string Path, string EventType, string EntityId, string? ChainId)
{
    /// <summary>What ADR-009 says imported events are marked with.</summary>
    public const string Source = "git-import";

    public string Id
    {
        get
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{Commit}\0{Path}\0{EventType}"));
            return "git-" + Convert.ToHexStringLower(hash.AsSpan(0, 16));
        }
    }

    public string EntityType => EventType[..EventType.IndexOf(':', StringComparison.Ordinal)];

    /// <summary>The event as the sidecar takes it: one line of JSON.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("id", Id);
            json.WriteString("timestamp", Time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            json.WriteString("eventType", EventType);
            json.WriteString("entityType", EntityType);
            json.WriteString("entityId", EntityId);
            if (ChainId is not null)
            {
                json.WriteString("chainId", ChainId);
            }

            json.WriteString("source", Source);
            json.WriteStartObject("metadata");
            json.WriteString("source", Source);
            json.WriteString("commit", Commit);
            json.WriteString("path", Path);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
