namespace Observability.Metrics.Exposition;

/// <summary>Writes one sample line from pre-encoded pieces: name, label block, an extra label, value, exemplar.</summary>
internal static class SampleWriter
{
    // Room for the punctuation around the pieces: braces, comma, spaces, "# ", line feed.
    private const int Punctuation = 16;

    /// <param name="writer">The output.</param>
    /// <param name="name">Sample name, e.g. <c>task_duration_seconds_bucket</c>.</param>
    /// <param name="labels">The series' encoded labels, without braces; may be empty.</param>
    /// <param name="extraLabel">An encoded label appended to the block (<c>le="0.1"</c>); may be empty.</param>
    /// <param name="value">The sample value.</param>
    /// <param name="format">Text (Go float form) or OpenMetrics (canonical <c>1.0</c> form).</param>
    /// <param name="exemplar">Written in OpenMetrics only; null for none.</param>
    public static void WriteDouble(
        ExpositionWriter writer, ReadOnlySpan<byte> name, ReadOnlySpan<byte> labels, ReadOnlySpan<byte> extraLabel,
        double value, ExpositionFormat format, RecordedExemplar? exemplar = null)
    {
        var span = Begin(writer, name, labels, extraLabel, exemplar, format, out var pos);
        pos += format == ExpositionFormat.OpenMetrics
            ? NumberFormatter.WriteOpenMetrics(value, span[pos..])
            : WriteTextValue(value, span[pos..]);
        End(writer, span, pos, exemplar, format);
    }

    /// <summary>As <see cref="WriteDouble"/>, for whole counts (bucket counts, <c>_count</c>).</summary>
    public static void WriteLong(
        ExpositionWriter writer, ReadOnlySpan<byte> name, ReadOnlySpan<byte> labels, ReadOnlySpan<byte> extraLabel,
        long value, ExpositionFormat format, RecordedExemplar? exemplar = null)
    {
        var span = Begin(writer, name, labels, extraLabel, exemplar, format, out var pos);
        pos += NumberFormatter.WriteLong(value, span[pos..]);
        End(writer, span, pos, exemplar, format);
    }

    /// <summary>
    /// An OpenMetrics <c>_created</c> sample: the series' creation time in seconds since the epoch, written as
    /// exemplar timestamps are (<c>1795262400.123</c>, millisecond precision).
    /// </summary>
    public static void WriteCreated(ExpositionWriter writer, ReadOnlySpan<byte> name, ReadOnlySpan<byte> labels, long unixMilliseconds)
    {
        var span = Begin(writer, name, labels, [], exemplar: null, ExpositionFormat.OpenMetrics, out var pos);
        pos += NumberFormatter.WriteTimestamp(unixMilliseconds, span[pos..]);
        End(writer, span, pos, exemplar: null, ExpositionFormat.OpenMetrics);
    }

    private static Span<byte> Begin(
        ExpositionWriter writer, ReadOnlySpan<byte> name, ReadOnlySpan<byte> labels, ReadOnlySpan<byte> extraLabel,
        RecordedExemplar? exemplar, ExpositionFormat format, out int pos)
    {
        var size = name.Length + labels.Length + extraLabel.Length + NumberFormatter.MaxLength + Punctuation;
        if (exemplar is not null && format == ExpositionFormat.OpenMetrics)
        {
            size += exemplar.Exemplar.Encoded.Length + (2 * NumberFormatter.MaxLength) + Punctuation;
        }

        var span = writer.GetSpan(size);
        name.CopyTo(span);
        pos = name.Length;
        if (labels.Length + extraLabel.Length > 0)
        {
            span[pos++] = (byte)'{';
            labels.CopyTo(span[pos..]);
            pos += labels.Length;
            if (labels.Length > 0 && extraLabel.Length > 0)
            {
                span[pos++] = (byte)',';
            }

            extraLabel.CopyTo(span[pos..]);
            pos += extraLabel.Length;
            span[pos++] = (byte)'}';
        }

        span[pos++] = (byte)' ';
        return span;
    }

    private static void End(ExpositionWriter writer, Span<byte> span, int pos, RecordedExemplar? exemplar, ExpositionFormat format)
    {
        if (exemplar is not null && format == ExpositionFormat.OpenMetrics)
        {
            " # "u8.CopyTo(span[pos..]);
            pos += 3;
            exemplar.Exemplar.Encoded.CopyTo(span[pos..]);
            pos += exemplar.Exemplar.Encoded.Length;
            span[pos++] = (byte)' ';
            pos += NumberFormatter.WriteOpenMetrics(exemplar.Value, span[pos..]);
            span[pos++] = (byte)' ';
            pos += NumberFormatter.WriteTimestamp(exemplar.UnixMilliseconds, span[pos..]);
        }

        span[pos++] = (byte)'\n';
        writer.Advance(pos);
    }

    // Text values: whole numbers within a long print as integers (exact and cheap), the rest in Go's form.
    private static int WriteTextValue(double value, Span<byte> destination) =>
        value == Math.Floor(value) && Math.Abs(value) < 9e15 && !(value == 0 && double.IsNegative(value))
            ? NumberFormatter.WriteLong((long)value, destination)
            : NumberFormatter.WriteGo(value, destination);
}
