using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Observability.Events;

/// <summary>
/// Turns short JSON strings that repeat across events (event types, models, label values) into the same
/// <see cref="string"/> instance instead of a new one per event. A fixed table indexed by a hash of the UTF-8
/// bytes; a collision just replaces the entry, so memory stays bounded whatever the input.
/// </summary>
/// <remarks>
/// Thread-safe without locks: an entry is immutable and published with one reference write, and a reader checks the
/// bytes before trusting it.
/// </remarks>
internal static class Utf8StringCache
{
    private const int Size = 4096;
    private const int MaxBytes = 64;
    private static readonly Entry?[] s_entries = new Entry?[Size];

    /// <summary>The string value of <paramref name="element"/>, which must be a JSON string.</summary>
    public static string GetString(JsonElement element)
    {
        var raw = JsonMarshal.GetRawUtf8Value(element);

        // Escaped text needs JSON unescaping; long values rarely repeat. Both take the ordinary path.
        if (raw.Length < 2 || raw.Length - 2 > MaxBytes || raw.IndexOf((byte)'\\') >= 0)
        {
            return element.GetString()!;
        }

        return GetString(raw[1..^1]);
    }

    /// <summary>The string for unescaped UTF-8 text (a JSON string's value without its quotes and with no escapes).</summary>
    public static string GetString(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxBytes)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        var slot = (int)((uint)Hash(utf8) % Size);
        var entry = Volatile.Read(ref s_entries[slot]);
        if (entry is not null && utf8.SequenceEqual(entry.Utf8))
        {
            return entry.Value;
        }

        var value = Encoding.UTF8.GetString(utf8);
        Volatile.Write(ref s_entries[slot], new Entry(utf8.ToArray(), value));
        return value;
    }

    private static int Hash(ReadOnlySpan<byte> utf8)
    {
        var hash = default(HashCode);
        hash.AddBytes(utf8);
        return hash.ToHashCode();
    }

    private sealed record Entry(byte[] Utf8, string Value);
}
