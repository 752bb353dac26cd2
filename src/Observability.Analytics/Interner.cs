namespace Observability.Analytics;

/// <summary>Maps strings (task ids, models…) to dense indexes so that facts stay small and queries use arrays.</summary>
internal sealed class Interner
{
    private readonly Dictionary<string, int> _indexes = new(StringComparer.Ordinal);
    private readonly List<string> _values = [];

    public int Count => _values.Count;

    /// <summary>The index of <paramref name="value"/>, added when new; -1 for null.</summary>
    public int Intern(string? value)
    {
        if (value is null)
        {
            return -1;
        }

        if (!_indexes.TryGetValue(value, out var index))
        {
            index = _values.Count;
            _indexes.Add(value, index);
            _values.Add(value);
        }

        return index;
    }

    /// <summary>The index of <paramref name="value"/>, or -1 when it was never interned.</summary>
    public int Find(string value) => _indexes.GetValueOrDefault(value, -1);

    public string this[int index] => _values[index];

    /// <summary>Writes the values in index order.</summary>
    public void WriteTo(BinaryWriter writer)
    {
        writer.Write(_values.Count);
        foreach (var value in _values)
        {
            writer.Write(value);
        }
    }

    /// <summary>Replaces this interner's values with what <see cref="WriteTo"/> wrote, every value at its index.</summary>
    public void ReadFrom(BinaryReader reader)
    {
        // A refresh restores into a used interner: what it held goes.
        _values.Clear();
        _indexes.Clear();
        var count = reader.ReadInt32();
        if (count < 0)
        {
            throw new InvalidDataException($"The snapshot's interner holds {count} values.");
        }

        _values.Capacity = count;
        _indexes.EnsureCapacity(count);
        for (var i = 0; i < count; i++)
        {
            Intern(reader.ReadString());
        }
    }
}
