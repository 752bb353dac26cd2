using Observability.EventLog.Archive;

namespace Observability.Projections.Compaction;

/// <summary>What a compaction did.</summary>
/// <param name="Segments">Segments archived by this run.</param>
/// <param name="Records">Records archived by this run.</param>
/// <param name="PreviousStart">The log's first live sequence before.</param>
/// <param name="Cut">Its first live sequence now.</param>
/// <param name="Archives">The archives written.</param>
/// <param name="LeftoversDeleted">Segments an interrupted earlier run had archived but not deleted, deleted now.</param>
public sealed record CompactionResult(
    int Segments, long Records, long PreviousStart, long Cut, IReadOnlyList<ArchiveEntry> Archives, int LeftoversDeleted);
