using System.Globalization;
using System.Text.Json;
using Observability.Events;
using Observability.Ingestion.Catalogue;

namespace Observability.Ingestion.Events;

/// <summary>
/// Validates an event sent for storing: its envelope by <see cref="StoredEventReader.Validate(ReadOnlyMemory{byte}, EventLayout?, out StoredEvent, out string?, PropertyTable?)"/> (the one reader), then,
/// for catalogued types, the type's fields on the event that reader produced, not on a second parse.
/// </summary>
internal static class EventValidator
{
    /// <param name="json">The event's bytes; <paramref name="e"/> borrows them.</param>
    /// <param name="e">The event, when valid.</param>
    /// <param name="id">Its id when it had a readable one, valid or not.</param>
    /// <param name="table">Where its metadata's properties go; null for a table of its own.</param>
    /// <exception cref="JsonException">The bytes are not one well-formed JSON value.</exception>
    /// <exception cref="InvalidOperationException">A string escape is not valid Unicode.</exception>
    public static ValidationError? Validate(ReadOnlyMemory<byte> json, out StoredEvent e, out string? id, PropertyTable? table = null) =>
        Validate(json, null, out e, out id, table);

    /// <param name="json">The event's bytes; <paramref name="e"/> borrows them.</param>
    /// <param name="layout">Where the event's writer put each property (<see cref="EventLayout"/>); null to read the bytes.</param>
    /// <param name="e">The event, when valid.</param>
    /// <param name="id">Its id when it had a readable one, valid or not.</param>
    /// <param name="table">Where its metadata's properties go; null for a table of its own.</param>
    /// <exception cref="JsonException">Read from its bytes: they are not one well-formed JSON value.</exception>
    /// <exception cref="InvalidOperationException">A string escape is not valid Unicode.</exception>
    public static ValidationError? Validate(ReadOnlyMemory<byte> json, EventLayout? layout, out StoredEvent e, out string? id, PropertyTable? table = null)
    {
        if (StoredEventReader.Validate(json, layout, out e, out id, table) is { } problem)
        {
            return problem;
        }

        if (EventCatalogue.Find(e.EventType) is { } spec)
        {
            var fields = spec.Fields;
            for (var i = 0; i < fields.Count; i++)
            {
                if (ValidateField(e, fields[i]) is { } fieldError)
                {
                    e = default;
                    return fieldError;
                }
            }
        }

        return null;
    }

    private static ValidationError? ValidateField(in StoredEvent e, FieldSpec field)
    {
        if (!e.TryGetPath(field.Utf8Segments, out var value) || value.IsNullOrAbsent)
        {
            return field.Required ? new ValidationError(field.Path, $"is required: {field.Description}") : null;
        }

        switch (field.Kind)
        {
            case FieldKind.Text:
                if (value.Kind != JsonTokenType.String)
                {
                    return new ValidationError(field.Path, $"must be a string, not {value.Describe()}");
                }

                // Unescaped text is compared as the bytes it was sent as, and needs no string unless it is refused: only
                // escaped text is decoded (which is where a lone surrogate is found).
                if (field.AllowedValues is not { } allowed)
                {
                    return value.Escaped ? Decoded(value) : null;
                }

                if (!value.Escaped && field.IsAllowed(value.Raw))
                {
                    return null;
                }

                var text = value.GetString()!;
                return allowed.Contains(text, StringComparer.Ordinal)
                    ? null
                    : new ValidationError(field.Path, $"'{text}' is not one of {string.Join(", ", allowed)}");
            case FieldKind.Boolean:
                return value.Kind is JsonTokenType.True or JsonTokenType.False
                    ? null
                    : new ValidationError(field.Path, $"must be true or false, not {value.Describe()}");
            case FieldKind.Timestamp:
                return value.Kind == JsonTokenType.String && IsoTimestamp.TryParse(value.GetString()!, out _)
                    ? null
                    : new ValidationError(field.Path, "must be an ISO 8601 timestamp with a time zone");
            default:
                return ValidateNumber(field, value);
        }
    }

    // Decoding is the check: it throws on an escape that is not valid Unicode.
    private static ValidationError? Decoded(JsonScalar value)
    {
        _ = value.GetString();
        return null;
    }

    private static ValidationError? ValidateNumber(FieldSpec field, JsonScalar value)
    {
        if (!value.TryGetDouble(out var number))
        {
            return new ValidationError(field.Path, $"must be a number, not {value.Describe()}");
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
}
