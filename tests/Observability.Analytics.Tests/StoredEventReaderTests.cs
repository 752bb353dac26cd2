using System.Text;
using System.Text.Json;

namespace Observability.Analytics.Tests;

public sealed class StoredEventReaderTests
{
    public static TheoryData<string> Events => new()
    {
        """{"id":"e1","timestamp":"2026-11-21T10:00:00Z","eventType":"task:completed","entityId":"T-1","agent":{"model":"m1","role":"impl","tokens":{"input":1200,"output":300}},"metadata":{"taskType":"spec","durationSeconds":12.5}}""",
        """{"id":"e2","timestamp":"2026-11-21T10:00:00.1234567+05:30","eventType":"chain:created","entityType":"chain","entityId":"C-1","chainId":"C-1","requestId":"R-1"}""",
        """{"metadata":{"a":{"b":[1,2,{"c":null}]}},"extra":[{"x":1}],"eventType":"task:started","timestamp":"2026-11-21T10:00:00-0130","id":"e3"}""",
        """{"\u0069d":"e4","timestamp":"2026-11-21T10:00:00Z","event\u0054ype":"task:\u0073tarted","agent":{"mod\u0065l":"m\u00e9"}}""",
        """{"id":"first","id":"second","timestamp":"2026-11-21T10:00:00Z","eventType":"task:started","agent":{"model":"m1"},"agent":{"role":"r2"}}""",
        """{"id":"e6","timestamp":"2026-11-21 10:00:00","eventType":"task:started"}""",
        """{"id":"e7","timestamp":"2026-11-21T10:00:00Z","eventType":"task:started","agent":"not an object","metadata":[1]}""",
        """{"id":"e8","timestamp":"2026-11-21T10:00:00Z","eventType":"task:started","agent":{"tokens":{"input":1.5,"output":"3"}},"entityId":7}""",
        """{"id":7,"timestamp":"2026-11-21T10:00:00Z","eventType":"task:started"}""",
        """{"id":"e10","timestamp":"yesterday","eventType":"task:started"}""",
        """{"id":"e11","eventType":"task:started"}""",
        """[1,2]""",
        """{"id":"e13","timestamp":"2026-11-21T10:00:00Z","eventType":"task:started","metadata":{"x":1}""",
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void TryRead_AnyStoredPayload_AgreesWithTheDocumentParser(string json)
    {
        var payload = Encoding.UTF8.GetBytes(json);
        var expected = Reference(payload);

        var read = StoredEventReader.TryRead(42, payload, out var actual, out var metadata);
        using (metadata)
        {
            Assert.Equal(expected is not null, read);
            if (expected is null)
            {
                Assert.Null(actual);
                return;
            }

            Assert.NotNull(actual);
            Assert.Equal(expected.Sequence, actual.Sequence);
            Assert.Equal(expected.Id, actual.Id);
            Assert.Equal(expected.Timestamp, actual.Timestamp);
            Assert.Equal(expected.Timestamp.Offset, actual.Timestamp.Offset);
            Assert.Equal(expected.EventType, actual.EventType);
            Assert.Equal(expected.EntityType, actual.EntityType);
            Assert.Equal(expected.EntityId, actual.EntityId);
            Assert.Equal(expected.ChainId, actual.ChainId);
            Assert.Equal(expected.RequestId, actual.RequestId);
            Assert.Equal(expected.Model, actual.Model);
            Assert.Equal(expected.Role, actual.Role);
            Assert.Equal(expected.InputTokens, actual.InputTokens);
            Assert.Equal(expected.OutputTokens, actual.OutputTokens);
            Assert.Equal(expected.Metadata.ValueKind, actual.Metadata.ValueKind);
            if (expected.Metadata.ValueKind == JsonValueKind.Object)
            {
                Assert.Equal(expected.Metadata.GetRawText(), actual.Metadata.GetRawText());
            }
        }
    }

    [Fact]
    public void TryRead_EscapedNamesAndValues_ReadsTheUnescapedText()
    {
        var payload = Encoding.UTF8.GetBytes(
            """{"\u0069d":"e\u0031","timestamp":"2026-11-21T10:00:00Z","eventType":"task:\u0073tarted","agent":{"mod\u0065l":"m\u00e9"}}""");

        Assert.True(StoredEventReader.TryRead(0, payload, out var e, out var metadata));
        metadata?.Dispose();
        Assert.Equal("e1", e!.Id);
        Assert.Equal("task:started", e.EventType);
        Assert.Equal("m\u00e9", e.Model);
    }

    // The document-based parser the reader replaces on the catch-up path, kept as the reference.
    private static AnalyticsEvent? Reference(byte[] payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            var e = AnalyticsFeed.Parse(42, document.RootElement);
            if (e is null)
            {
                return null;
            }

            // Metadata must outlive the document for the comparison.
            return new AnalyticsEvent
            {
                Sequence = e.Sequence,
                Id = e.Id,
                Timestamp = e.Timestamp,
                EventType = e.EventType,
                EntityType = e.EntityType,
                EntityId = e.EntityId,
                ChainId = e.ChainId,
                RequestId = e.RequestId,
                Model = e.Model,
                Role = e.Role,
                InputTokens = e.InputTokens,
                OutputTokens = e.OutputTokens,
                Metadata = e.Metadata.ValueKind == JsonValueKind.Undefined ? default : e.Metadata.Clone(),
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
