namespace Observability.Review.State;

/// <summary>The state's snapshot format, facet by facet.</summary>
internal sealed partial class ReviewState
{
    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNullable(LatestSeen);
        writer.Write(_sinceprune);
        WriteTasks(writer);
        WritePipeline(writer);
        WriteUsage(writer);
        WriteQuality(writer);
    }

    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        LatestSeen = reader.ReadNullableDateTimeOffset();
        _sinceprune = reader.ReadInt64();
        ReadTasks(reader);
        ReadPipeline(reader);
        ReadUsage(reader);
        ReadQuality(reader);
    }
}
