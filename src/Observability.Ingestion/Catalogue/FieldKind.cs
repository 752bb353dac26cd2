namespace Observability.Ingestion.Catalogue;

/// <summary>The JSON shape a catalogue field must have.</summary>
public enum FieldKind
{
    /// <summary>A JSON string.</summary>
    Text,

    /// <summary>A JSON number.</summary>
    Number,

    /// <summary>A JSON number without a fractional part.</summary>
    WholeNumber,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>An ISO 8601 string with a time zone offset.</summary>
    Timestamp,
}
