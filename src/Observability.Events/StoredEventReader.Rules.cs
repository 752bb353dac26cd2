using System.Text.Json;
using System.Text.RegularExpressions;

namespace Observability.Events;

/// <content>The envelope's rules, checked in one order so that a sender always hears of the same first problem.</content>
public static partial class StoredEventReader
{
    /// <summary>The longest id accepted.</summary>
    public const int MaxIdLength = 128;

    /// <summary>The longest entity, chain or request id accepted.</summary>
    public const int MaxEntityIdLength = 256;

    // The last event type this thread found well formed: types repeat, so the pattern rarely runs.
    [ThreadStatic]
    private static string? t_wellFormedType;

    /// <summary>The rejection of an item that is well-formed JSON of <paramref name="kind"/>, not an object.</summary>
    public static ValidationError NotAnObject(JsonTokenType kind) => new(string.Empty, $"an event must be a JSON object, not {JsonScalar.Describe(kind)}");

    /// <summary>The kind of a <see cref="JsonValueKind"/> in the words of a validation message.</summary>
    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static ValidationError? Check(ReadOnlySpan<byte> payload, bool strict, ref Envelope fields, PropertyTable table, out Parsed parsed)
    {
        parsed = default;
        if (RequiredString(payload, fields.Id, "id", MaxIdLength, cached: false, out _, measureOnly: true) is { } idError)
        {
            return idError;
        }

        if (Timestamp(payload, fields.Timestamp, out parsed.Timestamp) is { } timestampError)
        {
            return timestampError;
        }

        if (RequiredString(payload, fields.EventType, "eventType", 64, cached: true, out var eventType) is { } typeError)
        {
            return typeError;
        }

        if (!ReferenceEquals(eventType, t_wellFormedType))
        {
            if (!EventTypePattern().IsMatch(eventType!))
            {
                return new ValidationError("eventType", $"'{eventType}' is not of the form entity:action (lowercase letters, digits, underscores)");
            }

            t_wellFormedType = eventType;
        }

        parsed.EventType = eventType!;
        if (OptionalString(payload, fields.EntityType, "entityType", 64, cached: true, out var entityType) is { } entityTypeError)
        {
            return entityTypeError;
        }

        // ADR-009: the entity type is the event type's entity (task:* is a task); a different one would file the event
        // under an entity its type does not describe. Checked on ingestion only: the log is read as it was written.
        var colon = eventType!.IndexOf(':', StringComparison.Ordinal);
        var entity = eventType.AsSpan(0, colon);
        if (strict && entityType is not null && !entity.SequenceEqual(entityType))
        {
            return new ValidationError("entityType", $"'{entityType}' does not agree with eventType '{eventType}': it must be '{entity}' or left out");
        }

        parsed.EntityType = entityType ?? EntityOf(payload, fields.EventType, colon, eventType);
        // Events read together often share their entity (a session's records): the same text as the last event's is the
        // last event's string, which passed the same rules.
        if (fields.EntityId.Kind == JsonTokenType.String && !fields.EntityId.Escaped && table.LastEntityId is { } last
            && System.Text.Ascii.Equals(fields.EntityId.Scalar(payload).Raw, last))
        {
            parsed.EntityId = last;
        }
        else
        {
            if (RequiredString(payload, fields.EntityId, "entityId", MaxEntityIdLength, cached: false, out var entityId) is { } entityIdError)
            {
                return entityIdError;
            }

            parsed.EntityId = table.LastEntityId = entityId!;
        }

        if (OptionalString(payload, fields.ChainId, "chainId", MaxEntityIdLength, cached: false, out parsed.ChainId) is { } chainError)
        {
            return chainError;
        }

        if (OptionalString(payload, fields.RequestId, "requestId", MaxEntityIdLength, cached: false, out parsed.RequestId) is { } requestError)
        {
            return requestError;
        }

        if (Agent(payload, strict, ref fields, ref parsed) is { } agentError)
        {
            return agentError;
        }

        return fields.Metadata.Kind is JsonTokenType.None or JsonTokenType.StartObject or JsonTokenType.Null
            ? null
            : new ValidationError("metadata", $"must be an object, not {JsonScalar.Describe(fields.Metadata.Kind)}");
    }

    private static ValidationError? Agent(ReadOnlySpan<byte> payload, bool strict, ref Envelope fields, ref Parsed parsed)
    {
        parsed.TokensInput = parsed.TokensOutput = -1;
        if (fields.Agent.Kind is JsonTokenType.None or JsonTokenType.Null)
        {
            return null;
        }

        if (fields.Agent.Kind != JsonTokenType.StartObject)
        {
            return new ValidationError("agent", $"must be an object, not {JsonScalar.Describe(fields.Agent.Kind)}");
        }

        if (OptionalString(payload, fields.Model, "model", 128, cached: true, out parsed.Model, "agent.") is { } modelError)
        {
            return modelError;
        }

        if (OptionalString(payload, fields.Role, "role", 64, cached: true, out parsed.Role, "agent.") is { } roleError)
        {
            return roleError;
        }

        if (fields.Tokens.Kind is JsonTokenType.None or JsonTokenType.Null)
        {
            return null;
        }

        if (fields.Tokens.Kind != JsonTokenType.StartObject)
        {
            return new ValidationError("agent.tokens", $"must be an object with input and output, not {JsonScalar.Describe(fields.Tokens.Kind)}");
        }

        return TokenCount(payload, fields.TokensInput, "input", strict, out parsed.TokensInput)
            ?? TokenCount(payload, fields.TokensOutput, "output", strict, out parsed.TokensOutput);
    }

    // Strict on ingestion. On replay a count a log written before the bound holds is left out as if absent: the event
    // was acknowledged, so it is still read, and no sum of counts overflows.
    private static ValidationError? TokenCount(ReadOnlySpan<byte> payload, Field field, string name, bool strict, out long count)
    {
        count = -1;
        if (field.Kind is JsonTokenType.None or JsonTokenType.Null)
        {
            return null;
        }

        if (field.Scalar(payload).TryGetWhole(0, NumberLimits.MaxTokens, out var n))
        {
            count = n;
            return null;
        }

        return strict || field.Kind != JsonTokenType.Number
            ? new ValidationError($"agent.tokens.{name}", $"must be a whole number of tokens, zero or more and at most {NumberLimits.MaxTokens}")
            : null;
    }

    // The common case parses the raw UTF-8 without materializing the text; the string is only made for errors.
    private static ValidationError? Timestamp(ReadOnlySpan<byte> payload, Field field, out DateTimeOffset timestamp)
    {
        if (field.Kind == JsonTokenType.String && !field.Escaped && TimestampCache.TryParse(field.Scalar(payload).Raw, out timestamp))
        {
            return null;
        }

        if (RequiredString(payload, field, "timestamp", 64, cached: false, out var text) is { } error)
        {
            timestamp = default;
            return error;
        }

        return IsoTimestamp.TryParse(text!, out timestamp)
            ? null
            : new ValidationError("timestamp", $"'{text}' is not an ISO 8601 timestamp with a time zone, e.g. 2025-12-07T10:00:00Z");
    }

    private static ValidationError? RequiredString(
        ReadOnlySpan<byte> payload, Field field, string name, int maxLength, bool cached, out string? value, bool measureOnly = false)
    {
        var error = OptionalString(payload, field, name, maxLength, cached, out value, measureOnly: measureOnly);
        if (error is null && (field.Kind is JsonTokenType.None or JsonTokenType.Null || (measureOnly ? field.Length == 0 : string.IsNullOrEmpty(value))))
        {
            return new ValidationError(name, "is required and must be a non-empty string");
        }

        return error;
    }

    // An absent field has Kind None. With measureOnly the text is not made when its length can be told from its bytes.
    private static ValidationError? OptionalString(
        ReadOnlySpan<byte> payload, Field field, string name, int maxLength, bool cached, out string? value, string prefix = "", bool measureOnly = false)
    {
        value = null;
        if (field.Kind is JsonTokenType.None or JsonTokenType.Null)
        {
            return null;
        }

        if (field.Kind != JsonTokenType.String)
        {
            return new ValidationError(prefix + name, $"must be a string, not {JsonScalar.Describe(field.Kind)}");
        }

        // UTF-8 never takes fewer bytes than UTF-16 code units, so a short unescaped value needs no counting.
        if (measureOnly && !field.Escaped && field.Length <= maxLength)
        {
            return null;
        }

        value = field.Text(payload, cached);
        if (value!.Length > maxLength)
        {
            return new ValidationError(prefix + name, $"is {value.Length} characters long; at most {maxLength} are allowed");
        }

        return null;
    }

    // entityType's default, the event type's entity: the same instance for every event of a type.
    private static string EntityOf(ReadOnlySpan<byte> payload, Field eventType, int colon, string text) =>
        eventType.Escaped ? text[..colon] : Utf8StringCache.GetString(payload.Slice(eventType.Start, colon));

    [GeneratedRegex("^[a-z][a-z0-9_]*:[a-z][a-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex EventTypePattern();

    private struct Parsed
    {
        public DateTimeOffset Timestamp;
        public string EventType;
        public string EntityType;
        public string EntityId;
        public string? ChainId;
        public string? RequestId;
        public string? Model;
        public string? Role;
        public long TokensInput;
        public long TokensOutput;
    }
}
