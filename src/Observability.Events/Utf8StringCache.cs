using System.Buffers.Binary;
using System.Numerics;
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
    private const ulong Multiplier = 0x9E3779B97F4A7C15;
    private const ulong Multiplier2 = 0xC2B2AE3D27D4EB4F;
    private static readonly Entry?[] s_entries = new Entry?[Size];
    private static readonly ulong s_seed = (ulong)Random.Shared.NextInt64();

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

    // Eight bytes at a time under a key drawn at start: the cache is asked several times per event, and HashCode.AddBytes
    // costs several times more on these short values. A collision only costs a lookup its cached string.
    private static int Hash(ReadOnlySpan<byte> utf8)
    {
        var hash = s_seed ^ ((ulong)utf8.Length * Multiplier);
        while (utf8.Length >= sizeof(ulong))
        {
            hash = Mix(hash, BinaryPrimitives.ReadUInt64LittleEndian(utf8));
            utf8 = utf8[sizeof(ulong)..];
        }

        if (!utf8.IsEmpty)
        {
            var tail = 0UL;
            for (var i = 0; i < utf8.Length; i++)
            {
                tail |= (ulong)utf8[i] << (8 * i);
            }

            hash = Mix(hash, tail);
        }

        return (int)(hash ^ (hash >> 32));
    }

    private static ulong Mix(ulong hash, ulong chunk) => BitOperations.RotateLeft((hash ^ chunk) * Multiplier, 29) * Multiplier2;

    private sealed record Entry(byte[] Utf8, string Value);
}
