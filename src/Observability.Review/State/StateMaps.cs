namespace Observability.Review.State;

/// <summary>A map of the state as its snapshot holds it: the count, then each key and its value.</summary>
internal static class StateMaps
{
    public static void Write<T>(BinaryWriter writer, IReadOnlyDictionary<string, T> map, Action<BinaryWriter, T> write)
    {
        writer.Write(map.Count);
        foreach (var (key, value) in map)
        {
            writer.Write(key);
            write(writer, value);
        }
    }

    public static void Read<T>(BinaryReader reader, Dictionary<string, T> map, Func<BinaryReader, T> read)
    {
        map.Clear();
        var count = reader.ReadCount();
        for (var i = 0; i < count; i++)
        {
            var key = reader.ReadString();
            map[key] = read(reader);
        }
    }
}
