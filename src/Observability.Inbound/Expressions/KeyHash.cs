using System.Buffers.Binary;
using System.Numerics;

namespace Observability.Inbound.Expressions;

/// <summary>
/// A cheap hash of a key's UTF-8 bytes, for documents that find keys among slices of a request's bytes: computed once
/// for each key they read and once for each key a path asks for (<see cref="DocumentPath.Utf8KeyHash"/>), so that a
/// lookup passes over most keys on one integer compare. Equal keys have equal hashes; unequal ones may share one, so a
/// match is always confirmed on the bytes.
/// </summary>
/// <remarks>
/// It reads the length and the first and last eight bytes only, at a fixed cost: every byte of a key of up to 16 bytes
/// (most attribute keys) counts, and longer keys that differ only in their middle share a hash.
/// </remarks>
internal static class KeyHash
{
    public static int Of(ReadOnlySpan<byte> key)
    {
        ulong head, tail;
        if (key.Length >= 8)
        {
            head = BinaryPrimitives.ReadUInt64LittleEndian(key);
            tail = BinaryPrimitives.ReadUInt64LittleEndian(key[^8..]);
        }
        else if (key.Length >= 4)
        {
            head = BinaryPrimitives.ReadUInt32LittleEndian(key);
            tail = BinaryPrimitives.ReadUInt32LittleEndian(key[^4..]);
        }
        else
        {
            head = key.IsEmpty ? 0 : key[0] | ((ulong)key[key.Length / 2] << 8);
            tail = key.IsEmpty ? 0UL : key[^1];
        }

        // Two multiplications by odd constants (golden ratio, xxHash's prime) spread every input bit into the high half.
        var mixed = ((head * 0x9E3779B97F4A7C15UL) ^ BitOperations.RotateLeft(tail, 29) ^ (ulong)key.Length) * 0xC2B2AE3D27D4EB4FUL;
        return (int)(mixed >> 32);
    }
}
