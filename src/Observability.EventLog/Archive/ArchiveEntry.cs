namespace Observability.EventLog.Archive;

/// <summary>One archived segment: its file in the archive directory, the SHA-256 of that file, and the records it holds.</summary>
/// <param name="File">The file name, <c>&lt;firstSequence:D20&gt;.jsonl.gz</c>.</param>
/// <param name="Sha256">The SHA-256 of the compressed file, lowercase hex.</param>
/// <param name="FirstSequence">The sequence of its first record.</param>
/// <param name="LastSequence">The sequence of its last record.</param>
/// <param name="Records">How many records it holds: LastSequence - FirstSequence + 1 (only whole, undamaged segments are archived).</param>
public sealed record ArchiveEntry(string File, string Sha256, long FirstSequence, long LastSequence, long Records);
