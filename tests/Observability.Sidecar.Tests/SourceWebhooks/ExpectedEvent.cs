using System.Globalization;
using System.Text.Json;

namespace Observability.Sidecar.Tests.SourceWebhooks;

/// <summary>An event a delivery must store, written by hand from its payload: type, entity, time and metadata fields.</summary>
public sealed record ExpectedEvent(string EventType, string EntityId, string Timestamp, string Metadata)
{
    /// <summary>Fails unless <paramref name="stored"/> is this event: every field here equal, metadata fields by JSON value.</summary>
    public void AssertMatches(JsonElement stored, string source, string context)
    {
        Assert.True(EventType == stored.GetProperty("eventType").GetString(), $"{context}: eventType of {stored}");
        Assert.True(EntityId == stored.GetProperty("entityId").GetString(), $"{context}: entityId of {stored}");
        Assert.True(
            DateTimeOffset.Parse(Timestamp, CultureInfo.InvariantCulture) == DateTimeOffset.Parse(stored.GetProperty("timestamp").GetString()!, CultureInfo.InvariantCulture),
            $"{context}: timestamp of {stored}");
        Assert.True(source == stored.GetProperty("source").GetString(), $"{context}: source of {stored}");
        var metadata = stored.GetProperty("metadata");
        Assert.True(source == metadata.GetProperty("source").GetString(), $"{context}: metadata.source of {stored}");
        using var expected = JsonDocument.Parse(Metadata);
        foreach (var field in expected.RootElement.EnumerateObject())
        {
            Assert.True(metadata.TryGetProperty(field.Name, out var actual), $"{context}: metadata.{field.Name} missing from {stored}");
            Assert.True(JsonElement.DeepEquals(field.Value, actual), $"{context}: metadata.{field.Name} is {actual}, expected {field.Value}");
        }
    }
}
