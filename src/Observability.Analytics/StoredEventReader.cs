using System.Globalization;
using System.Text.Json;
using Observability.Shared;

namespace Observability.Analytics;

/// <summary>
/// Reads a stored event's envelope in one forward pass over its UTF-8, without building a document of the whole
/// event: only <c>metadata</c>, which views query by name, is parsed into a (small) <see cref="JsonDocument"/>.
/// Repeating strings (types, models, roles) come from a cache instead of a new string per event, and timestamps
/// from a strict ISO 8601 parser. A catch-up reads every event of the log, so this is its hot path.
/// </summary>
/// <remarks>
/// Agrees with <see cref="AnalyticsFeed.Parse"/>: a property given twice counts with its last value, values of
/// the wrong kind are ignored, and an escaped property name is compared by its unescaped text.
/// </remarks>
internal static class StoredEventReader
{
    /// <summary>Reads one stored event; false when it is not JSON or lacks an id, a timestamp or an event type.</summary>
    /// <param name="sequence">The record's sequence number.</param>
    /// <param name="payload">The record's payload.</param>
    /// <param name="e">The event; its <see cref="AnalyticsEvent.Metadata"/> lives in <paramref name="metadata"/>.</param>
    /// <param name="metadata">Owns the metadata; dispose it once the views have applied the event. May be null.</param>
    public static bool TryRead(long sequence, ReadOnlySpan<byte> payload, out AnalyticsEvent? e, out JsonDocument? metadata)
    {
        e = null;
        metadata = null;
        try
        {
            return TryReadCore(sequence, payload, out e, out metadata);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string escape that is not valid Unicode (a lone surrogate) cannot be text.
            metadata?.Dispose();
            metadata = null;
            e = null;
            return false;
        }
    }

    private static bool TryReadCore(long sequence, ReadOnlySpan<byte> payload, out AnalyticsEvent? e, out JsonDocument? metadata)
    {
        e = null;
        metadata = null;
        var reader = new Utf8JsonReader(payload);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        string? id = null, eventType = null, entityType = null, entityId = null, chainId = null, requestId = null;
        string? model = null, role = null;
        long? input = null, output = null;
        DateTimeOffset? timestamp = null;
        var timestampSeen = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Name(ref reader, EnvelopeNames.Root);
            reader.Read();
            switch (name)
            {
                case EnvelopeNames.Id: id = Text(ref reader, cached: false); break;
                case EnvelopeNames.EventType: eventType = Text(ref reader, cached: true); break;
                case EnvelopeNames.Timestamp:
                    timestampSeen = true;
                    timestamp = Timestamp(ref reader);
                    break;
                case EnvelopeNames.EntityType: entityType = Text(ref reader, cached: true); break;
                case EnvelopeNames.EntityId: entityId = Text(ref reader, cached: false); break;
                case EnvelopeNames.ChainId: chainId = Text(ref reader, cached: false); break;
                case EnvelopeNames.RequestId: requestId = Text(ref reader, cached: false); break;
                case EnvelopeNames.Agent:
                    model = role = null;
                    input = output = null;
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        ReadAgent(ref reader, ref model, ref role, ref input, ref output);
                    }
                    else
                    {
                        reader.Skip();
                    }

                    break;
                case EnvelopeNames.Metadata:
                    metadata?.Dispose();
                    metadata = reader.TokenType == JsonTokenType.StartObject ? JsonDocument.ParseValue(ref reader) : null;
                    if (metadata is null)
                    {
                        reader.Skip();
                    }

                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (id is null || eventType is null || !timestampSeen || timestamp is not { } when)
        {
            metadata?.Dispose();
            metadata = null;
            return false;
        }

        e = new AnalyticsEvent
        {
            Sequence = sequence,
            Id = id,
            Timestamp = when,
            EventType = eventType,
            EntityType = entityType,
            EntityId = entityId,
            ChainId = chainId,
            RequestId = requestId,
            Model = model,
            Role = role,
            InputTokens = input,
            OutputTokens = output,
            Metadata = metadata?.RootElement ?? default,
        };
        return true;
    }

    private static void ReadAgent(ref Utf8JsonReader reader, ref string? model, ref string? role, ref long? input, ref long? output)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Name(ref reader, EnvelopeNames.AgentFields);
            reader.Read();
            switch (name)
            {
                case EnvelopeNames.AgentModel: model = Text(ref reader, cached: true); break;
                case EnvelopeNames.AgentRole: role = Text(ref reader, cached: true); break;
                case EnvelopeNames.AgentTokens:
                    input = output = null;
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        reader.Skip();
                        break;
                    }

                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var token = Name(ref reader, TokenNames);
                        reader.Read();
                        switch (token)
                        {
                            case 0: input = Whole(ref reader); break;
                            case 1: output = Whole(ref reader); break;
                            default: reader.Skip(); break;
                        }
                    }

                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
    }

    private static readonly byte[][] TokenNames = ["input"u8.ToArray(), "output"u8.ToArray()];

    // The index of the current property name in names, or -1.
    private static int Name(ref Utf8JsonReader reader, byte[][] names)
    {
        if (reader.ValueIsEscaped)
        {
            for (var i = 0; i < names.Length; i++)
            {
                if (reader.ValueTextEquals(names[i]))
                {
                    return i;
                }
            }

            return -1;
        }

        return EnvelopeNames.IndexOf(reader.ValueSpan, names);
    }

    private static string? Text(ref Utf8JsonReader reader, bool cached)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return null;
        }

        return cached && !reader.ValueIsEscaped ? Utf8StringCache.GetString(reader.ValueSpan) : reader.GetString();
    }

    private static long? Whole(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            reader.Skip();
            return null;
        }

        // Any spelling of a whole number (1e2 is 100), within the bound ingestion applies; beyond it (a log written before
        // the bound) the count is left out, as if absent.
        if (reader.TryGetInt64(out var n))
        {
            return n is >= 0 and <= NumberLimits.MaxTokens ? n : null;
        }

        return reader.TryGetDouble(out var number) && NumberLimits.TryWhole(number, 0, NumberLimits.MaxTokens, out var whole) ? whole : null;
    }

    // Stored timestamps passed the ingestion API's strict parser; the general parser stays as the fallback so a log
    // written by an older, laxer version still reads the same.
    private static DateTimeOffset? Timestamp(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return null;
        }

        if (!reader.ValueIsEscaped && IsoTimestamp.TryParse(reader.ValueSpan, out var fast))
        {
            return fast;
        }

        return DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : null;
    }
}
