using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Observability.Ingestion.Catalogue;
using Observability.Shared;

namespace Observability.Ingestion.Events;

/// <summary>Validates the envelope and, for catalogued types, the type's fields.</summary>
internal static partial class EventValidator
{
    public const int MaxIdLength = 128;
    public const int MaxEntityIdLength = 256;

    /// <param name="root">The event.</param>
    /// <param name="envelope">The envelope, when valid.</param>
    /// <param name="checkCatalogue">
    /// False on replay: stored events passed the catalogue when they were accepted, and re-checking them
    /// would make an old log unreadable after a catalogue change.
    /// </param>
    public static ValidationError? Validate(JsonElement root, out EventEnvelope? envelope, bool checkCatalogue = true) =>
        Validate(root, out envelope, out _, checkCatalogue);

    /// <param name="root">The event.</param>
    /// <param name="envelope">The envelope, when valid.</param>
    /// <param name="metadata">The <c>metadata</c> object when the event has one, else <c>default</c>.</param>
    /// <param name="checkCatalogue">False on replay (see the other overload).</param>
    public static ValidationError? Validate(JsonElement root, out EventEnvelope? envelope, out JsonElement metadata, bool checkCatalogue = true)
    {
        envelope = null;
        metadata = default;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return NotAnObject(root.ValueKind);
        }

        // One pass over the properties instead of a lookup per field: each lookup would scan the object again.
        var fields = EnvelopeElements.Of(root);
        if (RequiredString(fields.Id, "id", MaxIdLength, out var id) is { } idError)
        {
            return idError;
        }

        if (Timestamp(fields.Timestamp, out var timestamp) is { } timestampError)
        {
            return timestampError;
        }

        if (RequiredString(fields.EventType, "eventType", 64, out var eventType) is { } typeError)
        {
            return typeError;
        }

        // Catalogue types are known to be well formed; only unknown ones need the pattern.
        if (EventCatalogue.Find(eventType!) is null && !EventTypePattern().IsMatch(eventType!))
        {
            return new ValidationError("eventType", $"'{eventType}' is not of the form entity:action (lowercase letters, digits, underscores)");
        }

        if (OptionalString(fields.EntityType, "entityType", 64, out var entityType) is { } entityTypeError)
        {
            return entityTypeError;
        }

        // ADR-009: the entity type is the event type's entity (task:* is a task); a different one would file the event
        // under an entity its type does not describe. Checked on ingestion only: the log is read as it was written.
        var entity = eventType.AsSpan(0, eventType!.IndexOf(':', StringComparison.Ordinal));
        if (checkCatalogue && entityType is not null && !entity.SequenceEqual(entityType))
        {
            return new ValidationError("entityType", $"'{entityType}' does not agree with eventType '{eventType}': it must be '{entity}' or left out");
        }

        if (RequiredString(fields.EntityId, "entityId", MaxEntityIdLength, out var entityId) is { } entityIdError)
        {
            return entityIdError;
        }

        if (OptionalString(fields.ChainId, "chainId", MaxEntityIdLength, out var chainId) is { } chainError)
        {
            return chainError;
        }

        if (OptionalString(fields.RequestId, "requestId", MaxEntityIdLength, out var requestId) is { } requestError)
        {
            return requestError;
        }

        if (ValidateAgent(fields.Agent, checkCatalogue, out var model, out var role, out var tokensIn, out var tokensOut) is { } agentError)
        {
            return agentError;
        }

        var metadataElement = fields.Metadata;
        if (metadataElement.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Object or JsonValueKind.Null))
        {
            return new ValidationError("metadata", $"must be an object, not {Describe(metadataElement.ValueKind)}");
        }

        if (checkCatalogue && EventCatalogue.Find(eventType!) is { } spec)
        {
            foreach (var field in spec.Fields)
            {
                if (ValidateField(root, metadataElement, field) is { } fieldError)
                {
                    return fieldError;
                }
            }
        }

        envelope = new EventEnvelope(
            id!, timestamp, eventType!, entityType ?? entity.ToString(), entityId!,
            chainId, requestId, model, role, tokensIn, tokensOut);
        metadata = metadataElement.ValueKind == JsonValueKind.Object ? metadataElement : default;
        return null;
    }

    /// <summary>The rejection of an item that is well-formed JSON of <paramref name="kind"/>, not an object.</summary>
    internal static ValidationError NotAnObject(JsonValueKind kind) => new(string.Empty, $"an event must be a JSON object, not {Describe(kind)}");

    internal static bool TryParseTimestamp(string text, out DateTimeOffset timestamp) => IsoTimestamp.TryParse(text, out timestamp);

    // The common case parses the raw UTF-8 without materializing the text; the string is only made for errors.
    private static ValidationError? Timestamp(JsonElement element, out DateTimeOffset timestamp)
    {
        if (TryParseTimestamp(element, out timestamp))
        {
            return null;
        }

        if (RequiredString(element, "timestamp", 64, out var text) is { } error)
        {
            timestamp = default;
            return error;
        }

        return TryParseTimestamp(text!, out timestamp)
            ? null
            : new ValidationError("timestamp", $"'{text}' is not an ISO 8601 timestamp with a time zone, e.g. 2025-12-07T10:00:00Z");
    }

    private static bool TryParseTimestamp(JsonElement element, out DateTimeOffset timestamp)
    {
        timestamp = default;
        if (element.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        var raw = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(element);
        return raw.Length >= 2 && raw.IndexOf((byte)'\\') < 0 && IsoTimestamp.TryParse(raw[1..^1], out timestamp);
    }

    private static ValidationError? ValidateAgent(JsonElement agent, bool strict, out string? model, out string? role, out long? tokensIn, out long? tokensOut)
    {
        model = role = null;
        tokensIn = tokensOut = null;
        if (agent.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return null;
        }

        if (agent.ValueKind != JsonValueKind.Object)
        {
            return new ValidationError("agent", $"must be an object, not {Describe(agent.ValueKind)}");
        }

        JsonElement modelElement = default, roleElement = default, tokens = default;
        foreach (var property in agent.EnumerateObject())
        {
            switch (EnvelopeElements.NameOf(property, EnvelopeNames.AgentFields))
            {
                case EnvelopeNames.AgentModel: modelElement = property.Value; break;
                case EnvelopeNames.AgentRole: roleElement = property.Value; break;
                case EnvelopeNames.AgentTokens: tokens = property.Value; break;
            }
        }

        if (OptionalString(modelElement, "model", 128, out model, "agent.") is { } modelError)
        {
            return modelError;
        }

        if (OptionalString(roleElement, "role", 64, out role, "agent.") is { } roleError)
        {
            return roleError;
        }

        if (tokens.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return null;
        }

        if (tokens.ValueKind != JsonValueKind.Object)
        {
            return new ValidationError("agent.tokens", $"must be an object with input and output, not {Describe(tokens.ValueKind)}");
        }

        if (TokenCount(tokens, "input"u8, "input", strict, out tokensIn) is { } inputError)
        {
            return inputError;
        }

        return TokenCount(tokens, "output"u8, "output", strict, out tokensOut);
    }

    // Strict on ingestion. On replay a count a log written before the bound holds is left out as if absent: the event
    // was acknowledged, so it is still read, and no sum of counts overflows.
    private static ValidationError? TokenCount(JsonElement tokens, ReadOnlySpan<byte> utf8Name, string name, bool strict, out long? count)
    {
        count = null;
        if (!tokens.TryGetProperty(utf8Name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (NumberLimits.TryWhole(value, 0, NumberLimits.MaxTokens, out var n))
        {
            count = n;
            return null;
        }

        return strict || value.ValueKind != JsonValueKind.Number
            ? new ValidationError($"agent.tokens.{name}", $"must be a whole number of tokens, zero or more and at most {NumberLimits.MaxTokens}")
            : null;
    }

    private static ValidationError? ValidateField(JsonElement root, JsonElement metadata, FieldSpec field)
    {
        // Catalogue fields live in metadata, which was found already.
        var segments = field.Utf8Segments;
        var start = segments.Length > 1 && segments[0].AsSpan().SequenceEqual("metadata"u8) ? 1 : 0;
        var value = start == 1 ? metadata : root;
        for (var i = start; i < segments.Length; i++)
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(segments[i], out value))
            {
                value = default;
                break;
            }
        }

        if (value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return field.Required ? new ValidationError(field.Path, $"is required: {field.Description}") : null;
        }

        switch (field.Kind)
        {
            case FieldKind.Text:
                if (value.ValueKind != JsonValueKind.String)
                {
                    return new ValidationError(field.Path, $"must be a string, not {Describe(value.ValueKind)}");
                }

                var text = value.GetString()!;
                if (field.AllowedValues is { } allowed && !allowed.Contains(text, StringComparer.Ordinal))
                {
                    return new ValidationError(field.Path, $"'{text}' is not one of {string.Join(", ", allowed)}");
                }

                return null;
            case FieldKind.Boolean:
                return value.ValueKind is JsonValueKind.True or JsonValueKind.False
                    ? null
                    : new ValidationError(field.Path, $"must be true or false, not {Describe(value.ValueKind)}");
            case FieldKind.Timestamp:
                return value.ValueKind == JsonValueKind.String && TryParseTimestamp(value.GetString()!, out _)
                    ? null
                    : new ValidationError(field.Path, "must be an ISO 8601 timestamp with a time zone");
            default:
                return ValidateNumber(field, value);
        }
    }

    private static ValidationError? ValidateNumber(FieldSpec field, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            return new ValidationError(field.Path, $"must be a number, not {Describe(value.ValueKind)}");
        }

        if (field.Kind == FieldKind.WholeNumber && number != Math.Floor(number))
        {
            return new ValidationError(field.Path, $"must be a whole number, not {number.ToString(CultureInfo.InvariantCulture)}");
        }

        if (number < field.Min || number > field.Max)
        {
            // Below the minimum the minimum is what the sender missed; above the maximum, the whole range.
            var range = number < field.Min || field.Max is null
                ? $"{Invariant(field.Min)} or more"
                : $"between {Invariant(field.Min)} and {Invariant(field.Max)}";
            return new ValidationError(field.Path, $"must be {range}, not {number.ToString(CultureInfo.InvariantCulture)}");
        }

        return null;
    }

    private static string? Invariant(double? number) => number?.ToString(CultureInfo.InvariantCulture);

    private static ValidationError? RequiredString(JsonElement element, string name, int maxLength, out string? value)
    {
        var error = OptionalString(element, name, maxLength, out value);
        if (error is null && string.IsNullOrEmpty(value))
        {
            return new ValidationError(name, "is required and must be a non-empty string");
        }

        return error;
    }

    // element is default when the property is absent.
    private static ValidationError? OptionalString(JsonElement element, string name, int maxLength, out string? value, string prefix = "")
    {
        value = null;
        if (element.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return new ValidationError(prefix + name, $"must be a string, not {Describe(element.ValueKind)}");
        }

        // Ids are unique per event; types, models and roles repeat, so those come from the cache.
        value = name is "id" or "entityId" or "chainId" or "requestId" or "timestamp" ? element.GetString() : Utf8StringCache.GetString(element);
        if (value!.Length > maxLength)
        {
            return new ValidationError(prefix + name, $"is {value.Length} characters long; at most {maxLength} are allowed");
        }

        return null;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    [GeneratedRegex("^[a-z][a-z0-9_]*:[a-z][a-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex EventTypePattern();

}
