using System.Text;
using Observability.Events;

namespace Observability.Projections;

/// <summary>
/// A set of strings kept as 128-bit keyed hashes (two SipHash-2-4 values under keys drawn when the set is made), not as
/// strings: about 20 bytes per member instead of a string's 40 or more, and no object per member for the collector to
/// trace. Two members share a hash with probability about n²/2¹²⁹; the keys are secret (kept only in the snapshot, an
/// owner-only file), so a sender cannot aim at a collision.
/// </summary>
/// <remarks>Not thread-safe: a projection's state, guarded by the host's lock.</remarks>
public sealed class KeyedHashSet
{
    private readonly HashSet<UInt128> _members = [];
    private ulong _k0 = SipHash.RandomKey();
    private ulong _k1 = SipHash.RandomKey();
    private ulong _k2 = SipHash.RandomKey();
    private ulong _k3 = SipHash.RandomKey();

    /// <summary>Members.</summary>
    public int Count => _members.Count;

    /// <summary>Adds the member made of <paramref name="first"/>, a NUL and <paramref name="second"/>; false when it was there.</summary>
    public bool Add(string? first, string second) => _members.Add(Key(first, second));

    /// <summary>Whether the member made of <paramref name="first"/>, a NUL and <paramref name="second"/> is there.</summary>
    public bool Contains(string? first, string second) => _members.Contains(Key(first, second));

    private UInt128 Key(string? first, string second)
    {
        ArgumentNullException.ThrowIfNull(second);
        var length = Encoding.UTF8.GetMaxByteCount((first?.Length ?? 0) + 1 + second.Length);
        Span<byte> utf8 = length <= 1024 ? stackalloc byte[length] : new byte[length];
        var written = Encoding.UTF8.GetBytes(first ?? string.Empty, utf8);
        utf8[written++] = 0;
        written += Encoding.UTF8.GetBytes(second, utf8[written..]);
        return Key(utf8[..written]);
    }

    /// <summary>Writes the keys and the members.</summary>
    public void WriteTo(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(_k0);
        writer.Write(_k1);
        writer.Write(_k2);
        writer.Write(_k3);
        writer.Write(_members.Count);
        foreach (var member in _members)
        {
            writer.Write((ulong)member);
            writer.Write((ulong)(member >> 64));
        }
    }

    /// <summary>Replaces this set with one written by <see cref="WriteTo"/>, keys included (a refresh restores into a used one).</summary>
    public void ReadFrom(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _members.Clear();

        (_k0, _k1, _k2, _k3) = (reader.ReadUInt64(), reader.ReadUInt64(), reader.ReadUInt64(), reader.ReadUInt64());
        var count = reader.ReadInt32();
        if (count < 0)
        {
            throw new InvalidDataException($"The snapshot's member count {count} is negative.");
        }

        _members.EnsureCapacity(count);
        for (var i = 0; i < count; i++)
        {
            var low = reader.ReadUInt64();
            if (!_members.Add(new UInt128(reader.ReadUInt64(), low)))
            {
                throw new InvalidDataException("The snapshot holds a member twice.");
            }
        }
    }

    private UInt128 Key(ReadOnlySpan<byte> utf8) => new(SipHash.Hash(_k0, _k1, utf8), SipHash.Hash(_k2, _k3, utf8));
}
