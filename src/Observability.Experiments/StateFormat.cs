namespace Observability.Experiments;

/// <summary>The small pieces of the projections' state format: times with their offset, and checked counts.</summary>
internal static class StateFormat
{
    public static void WriteTime(BinaryWriter writer, DateTimeOffset at)
    {
        writer.Write(at.UtcTicks);
        writer.Write((short)at.Offset.TotalMinutes);
    }

    public static DateTimeOffset ReadTime(BinaryReader reader)
    {
        var ticks = reader.ReadInt64();
        var offset = TimeSpan.FromMinutes(reader.ReadInt16());
        return new DateTimeOffset(ticks + offset.Ticks, offset);
    }

    public static void WriteTime(BinaryWriter writer, DateTimeOffset? at)
    {
        writer.Write(at.HasValue);
        if (at is { } value)
        {
            WriteTime(writer, value);
        }
    }

    public static DateTimeOffset? ReadOptionalTime(BinaryReader reader) => reader.ReadBoolean() ? ReadTime(reader) : null;

    public static int ReadCount(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        return count >= 0 ? count : throw new InvalidDataException("A negative count in the state.");
    }
}
