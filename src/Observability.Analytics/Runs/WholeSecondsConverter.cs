using System.Text.Json;
using System.Text.Json.Serialization;

namespace Observability.Analytics.Runs;

/// <summary>
/// Writes a duration as whole seconds: the WS-METRICS contract's <c>duration_seconds</c> is an INTEGER column, so a run's or a phase's
/// duration is served as one, rounded half away from zero (as PostgreSQL casts a numeric to an integer). The exact value
/// stays in the log and in every average and percentile, which are not columns of the contract.
/// </summary>
public sealed class WholeSecondsConverter : JsonConverter<double>
{
    /// <inheritdoc />
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDouble();

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue((long)Math.Round(value, MidpointRounding.AwayFromZero));
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
