namespace Observability.Events;

/// <summary>
/// The last timestamp this thread parsed, by its bytes: events read one after another often carry the same second (a
/// batch sent at once, a log replayed), and comparing the bytes is cheaper than parsing them again.
/// </summary>
internal static class TimestampCache
{
    private const int MaxLength = 40;

    [ThreadStatic]
    private static byte[]? t_bytes;

    [ThreadStatic]
    private static int t_length;

    [ThreadStatic]
    private static DateTimeOffset t_value;

    public static bool TryParse(ReadOnlySpan<byte> utf8, out DateTimeOffset value)
    {
        var last = t_bytes;
        if (last is not null && utf8.SequenceEqual(last.AsSpan(0, t_length)))
        {
            value = t_value;
            return true;
        }

        if (!IsoTimestamp.TryParse(utf8, out value))
        {
            return false;
        }

        if (utf8.Length <= MaxLength)
        {
            last ??= t_bytes = new byte[MaxLength];
            utf8.CopyTo(last);
            t_length = utf8.Length;
            t_value = value;
        }

        return true;
    }
}
