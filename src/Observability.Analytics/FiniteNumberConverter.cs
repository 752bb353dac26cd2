using System.Text.Json;
using System.Text.Json.Serialization;

namespace Observability.Analytics;

/// <summary>
/// Writes a number that is not finite as <c>null</c>. JSON has no infinity or NaN, and the serializer throws on one,
/// which would turn every later request (or CLI run) for the same report into a failure. The bounds on every summed field keep sums
/// finite; this is the last guard should a new sum ever escape them.
/// </summary>
public sealed class FiniteNumberConverter : JsonConverter<double>
{
    /// <inheritdoc/>
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDouble();

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
