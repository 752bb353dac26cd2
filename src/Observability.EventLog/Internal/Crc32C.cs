using System.Buffers.Binary;
using System.Numerics;

namespace Observability.EventLog.Internal;

/// <summary>CRC-32C (Castagnoli), the checksum of every record's payload.</summary>
/// <remarks>
/// <see cref="BitOperations.Crc32C(uint, ulong)"/> is the SSE4.2 / ARMv8 instruction where available (a software
/// table otherwise), so feeding it eight bytes at a time keeps the checksum far below the cost of reading the file.
/// </remarks>
internal static class Crc32C
{
    public static uint Compute(ReadOnlySpan<byte> data) => ~Append(uint.MaxValue, data);

    /// <summary>
    /// Feeds <paramref name="data"/> into a running checksum: start from <see cref="uint.MaxValue"/> and invert the
    /// result, so a payload read in pieces gets the checksum <see cref="Compute"/> gives it whole.
    /// </summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 32)
        {
            // Little-endian reads keep the checksum identical on big-endian machines.
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data[8..]));
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data[16..]));
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data[24..]));
            data = data[32..];
        }

        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return crc;
    }
}
