namespace Observability.Projections;

/// <summary>Writing and reading the values projections keep (absent ones, timestamps) in their snapshot state.</summary>
public static class StateIO
{
    /// <summary>Writes a string that may be absent.</summary>
    public static void WriteNullable(this BinaryWriter writer, string? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }

    /// <summary>Reads what <see cref="WriteNullable(BinaryWriter, string?)"/> wrote.</summary>
    public static string? ReadNullableString(this BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return reader.ReadBoolean() ? reader.ReadString() : null;
    }

    /// <summary>Writes a whole number that may be absent.</summary>
    public static void WriteNullable(this BinaryWriter writer, long? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(value is not null);
        if (value is { } v)
        {
            writer.Write(v);
        }
    }

    /// <summary>Reads what <see cref="WriteNullable(BinaryWriter, long?)"/> wrote.</summary>
    public static long? ReadNullableInt64(this BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return reader.ReadBoolean() ? reader.ReadInt64() : null;
    }

    /// <summary>Reads what <see cref="WriteNullable(BinaryWriter, long?)"/> wrote of an int.</summary>
    public static int? ReadNullableInt32(this BinaryReader reader) => reader.ReadNullableInt64() is { } v ? checked((int)v) : null;

    /// <summary>Writes a number that may be absent.</summary>
    public static void WriteNullable(this BinaryWriter writer, double? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(value is not null);
        if (value is { } v)
        {
            writer.Write(v);
        }
    }

    /// <summary>Reads what <see cref="WriteNullable(BinaryWriter, double?)"/> wrote.</summary>
    public static double? ReadNullableDouble(this BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return reader.ReadBoolean() ? reader.ReadDouble() : null;
    }

    /// <summary>Writes a timestamp with its offset.</summary>
    public static void Write(this BinaryWriter writer, DateTimeOffset value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(value.UtcTicks);
        writer.Write((short)value.Offset.TotalMinutes);
    }

    /// <summary>Reads what <see cref="Write(BinaryWriter, DateTimeOffset)"/> wrote.</summary>
    public static DateTimeOffset ReadDateTimeOffset(this BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var ticks = reader.ReadInt64();
        var offset = TimeSpan.FromMinutes(reader.ReadInt16());
        return new DateTimeOffset(ticks + offset.Ticks, offset);
    }

    /// <summary>Writes a timestamp that may be absent.</summary>
    public static void WriteNullable(this BinaryWriter writer, DateTimeOffset? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(value is not null);
        if (value is { } v)
        {
            writer.Write(v);
        }
    }

    /// <summary>Reads what <see cref="WriteNullable(BinaryWriter, DateTimeOffset?)"/> wrote.</summary>
    public static DateTimeOffset? ReadNullableDateTimeOffset(this BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return reader.ReadBoolean() ? reader.ReadDateTimeOffset() : null;
    }

    /// <summary>Reads a count written before a list, checked to be plausible.</summary>
    public static int ReadCount(this BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var count = reader.ReadInt32();
        return count >= 0 ? count : throw new InvalidDataException($"The snapshot holds a count of {count}.");
    }
}
