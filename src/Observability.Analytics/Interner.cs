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
}
