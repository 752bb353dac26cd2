using System.Runtime.InteropServices;
using System.Text.Json;
using Observability.Shared;

namespace Observability.Ingestion.Events;

/// <summary>
/// The envelope's properties of one event, found in a single pass over the object; <c>default</c> for an absent
/// one. Like <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/>, a property given twice counts with
/// its last value.
/// </summary>
internal struct EnvelopeElements
{
    public JsonElement Id;
    public JsonElement Timestamp;
    public JsonElement EventType;
    public JsonElement EntityType;
    public JsonElement EntityId;
    public JsonElement ChainId;
    public JsonElement RequestId;
    public JsonElement Agent;
    public JsonElement Metadata;

    /// <summary>Collects the envelope properties of <paramref name="root"/>, which must be an object.</summary>
    public static EnvelopeElements Of(JsonElement root)
    {
        var fields = default(EnvelopeElements);
        foreach (var property in root.EnumerateObject())
        {
            switch (NameOf(property, EnvelopeNames.Root))
            {
                case EnvelopeNames.Id: fields.Id = property.Value; break;
                case EnvelopeNames.Timestamp: fields.Timestamp = property.Value; break;
                case EnvelopeNames.EventType: fields.EventType = property.Value; break;
                case EnvelopeNames.EntityType: fields.EntityType = property.Value; break;
                case EnvelopeNames.EntityId: fields.EntityId = property.Value; break;
                case EnvelopeNames.ChainId: fields.ChainId = property.Value; break;
                case EnvelopeNames.RequestId: fields.RequestId = property.Value; break;
                case EnvelopeNames.Agent: fields.Agent = property.Value; break;
                case EnvelopeNames.Metadata: fields.Metadata = property.Value; break;
            }
        }

        return fields;
    }

    /// <summary>The index of <paramref name="property"/>'s name in <paramref name="names"/>, or -1.</summary>
    public static int NameOf(JsonProperty property, byte[][] names)
    {
        var raw = JsonMarshal.GetRawUtf8PropertyName(property);
        if (raw.IndexOf((byte)'\\') >= 0)
        {
            // An escaped name is compared by its unescaped text.
            for (var i = 0; i < names.Length; i++)
            {
                if (property.NameEquals(names[i]))
                {
                    return i;
                }
            }

            return -1;
        }

        return EnvelopeNames.IndexOf(raw, names);
    }
}
