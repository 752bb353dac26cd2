using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Observability.Experiments.Declarations;

namespace Observability.Experiments.Assignment;

/// <summary>
/// Sticky assignment: a unit's variant is a function of the experiment's name, the unit and the declared weights only,
/// so every replica, every restart and any other implementation gives the same answer.
/// </summary>
/// <remarks>
/// The point: <c>h</c> = the first 8 bytes, big-endian, of SHA-256 over the UTF-8 of <c>name + "\n" + unit</c>; <c>x</c> =
/// (h &gt;&gt; 11) / 2^53, uniform in [0, 1). The variant is the first whose cumulative weight, over the sum of the
/// weights, exceeds <c>x</c> (arms in declaration order). In Python:
/// <c>x = (int.from_bytes(hashlib.sha256(f"{name}\n{unit}".encode()).digest()[:8], "big") &gt;&gt; 11) / 2**53</c>.
/// SHA-256 rather than <see cref="string.GetHashCode()"/> (randomised per process) or a fast non-cryptographic hash: it
/// is specified everywhere, mixes names that differ in one character, and costs well under a microsecond.
/// </remarks>
public static class Assigner
{
    /// <summary>The point in [0, 1) of <paramref name="unit"/> in <paramref name="experiment"/>.</summary>
    public static double Point(string experiment, string unit)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(unit);
        var length = Encoding.UTF8.GetMaxByteCount(experiment.Length + unit.Length + 1);
        byte[]? rented = null;
        var buffer = length <= 512 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(experiment, buffer);
            buffer[written++] = (byte)'\n';
            written += Encoding.UTF8.GetBytes(unit, buffer[written..]);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer[..written], hash);
            return (BinaryPrimitives.ReadUInt64BigEndian(hash) >> 11) * (1.0 / (1UL << 53));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The index of the variant <paramref name="unit"/> is assigned to.</summary>
    public static int Assign(Experiment experiment, string unit)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        return Pick(experiment.Weights, Point(experiment.Name, unit));
    }

    /// <summary>The index of the arm whose share of [0, 1) holds <paramref name="point"/>; arms of weight 0 are never picked.</summary>
    public static int Pick(IReadOnlyList<double> weights, double point)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var total = 0.0;
        for (var i = 0; i < weights.Count; i++)
        {
            total += weights[i];
        }

        var target = point * total;
        var cumulative = 0.0;
        var last = -1;
        for (var i = 0; i < weights.Count; i++)
        {
            if (weights[i] <= 0)
            {
                continue;
            }

            last = i;
            cumulative += weights[i];
            if (target < cumulative)
            {
                return i;
            }
        }

        // Rounding can leave the last bit of the range uncovered: it belongs to the last arm that can be picked.
        return last;
    }

    /// <summary>
    /// The id of the exposure event of <paramref name="unit"/> in <paramref name="experiment"/>: the same for every
    /// request, so asking again stores nothing new. <c>exposure-</c> and 32 hex digits of SHA-256 over the same bytes.
    /// </summary>
    public static string ExposureId(string experiment, string unit)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(experiment + "\n" + unit), hash);
        return "exposure-" + Convert.ToHexStringLower(hash[..16]);
    }
}
