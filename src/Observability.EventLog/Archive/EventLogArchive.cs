using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using Observability.EventLog.Internal;

namespace Observability.EventLog.Archive;

/// <summary>
/// Compaction's file work: sealed segments copied to gzip-compressed JSONL archives (one per segment, plain JSONL
/// inside, readable with <c>zcat</c>), the log start moved past them, the segments deleted; and the way back
/// (<see cref="Restore"/>). Each step is durable before the next, so a crash leaves the old state or the new one.
/// </summary>
/// <remarks>
/// Sequence numbers are never reused: the segments after the cut keep their names and numbers, and the log start
/// (<c>events/log-start</c>) says where the live log begins. An archive is "in effect" when it ends below the log start;
/// one at or past it is left over from a compaction stopped before it moved the log start (the live segments still hold
/// those records), and is ignored.
/// </remarks>
public static class EventLogArchive
{
    private const string Extension = ".jsonl.gz";

    /// <summary>The first live sequence of the log in <paramref name="eventsDirectory"/>: 0 unless it was compacted.</summary>
    public static long FirstSequence(string eventsDirectory) => LogStart.Read(eventsDirectory);

    /// <summary>
    /// The live log's size on disk: the length of every segment file at or after the log start, the one the writer
    /// appends to included with its preallocated space (what retention by size weighs).
    /// </summary>
    public static long LiveBytes(string eventsDirectory) => SegmentFiles.List(eventsDirectory).Sum(s => new FileInfo(s.Path).Length);

    /// <summary>The sealed segments of the live log, oldest first (the last segment, which a writer appends to, never).</summary>
    public static IReadOnlyList<SealedSegment> SealedSegments(string eventsDirectory)
    {
        var segments = SegmentFiles.List(eventsDirectory);
        var sealedOnes = new List<SealedSegment>();
        for (var i = 0; i + 1 < segments.Count; i++)
        {
            sealedOnes.Add(new SealedSegment(segments[i].Path, segments[i].FirstSequence, segments[i + 1].FirstSequence));
        }

        return sealedOnes;
    }

    /// <summary>
    /// Hands every record of a sealed segment to <paramref name="onRecord"/>; false (stopping there) when the segment
    /// holds damage or fewer records than its sequence range: such a segment is not archived, its damage stays where
    /// verify and the quarantine find it.
    /// </summary>
    public static bool ReadWhole(SealedSegment segment, RecordHandler onRecord)
    {
        ArgumentNullException.ThrowIfNull(segment);
        ArgumentNullException.ThrowIfNull(onRecord);
        using var scanner = SegmentScanner.Open(segment.Path, SegmentRole.Sealed);
        var sequence = segment.FirstSequence;
        while (true)
        {
            var outcome = scanner.Next(out var payload);
            if (outcome == ScanOutcome.Record)
            {
                onRecord(sequence++, payload);
            }
            else if (outcome == ScanOutcome.Damaged)
            {
                return false;
            }
            else
            {
                return sequence == segment.NextSequence;
            }
        }
    }

    /// <summary>
    /// Writes <paramref name="segment"/> as <c>&lt;first:D20&gt;.jsonl.gz</c> in <paramref name="archiveDirectory"/>
    /// durably (temporary file, fsync, rename, directory fsync) and returns its manifest entry.
    /// </summary>
    /// <exception cref="InvalidDataException">The segment holds damage or misses records.</exception>
    public static ArchiveEntry Write(SealedSegment segment, string archiveDirectory)
    {
        ArgumentNullException.ThrowIfNull(segment);
        Directory.CreateDirectory(archiveDirectory);
        var name = segment.FirstSequence.ToString("D20", CultureInfo.InvariantCulture) + Extension;
        var path = Path.Combine(archiveDirectory, name);
        var whole = true;
        DurableFile.Write(path, stream =>
        {
            using var gzip = new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true);
            using var buffered = new BufferedStream(gzip, 1 << 16);
            whole = ReadWhole(segment, (_, payload) =>
            {
                buffered.Write(payload);
                buffered.WriteByte((byte)'\n');
            });
        });
        if (!whole)
        {
            File.Delete(path);
            throw new InvalidDataException($"{segment.Path} holds damaged or missing records: it is not archived.");
        }

        return new ArchiveEntry(name, HashFile(path), segment.FirstSequence, segment.NextSequence - 1, segment.NextSequence - segment.FirstSequence);
    }

    /// <summary>Moves the log start to <paramref name="start"/> durably: from then on the records below it are archived.</summary>
    public static void MoveLogStart(string eventsDirectory, long start) => LogStart.Write(eventsDirectory, start);

    /// <summary>Deletes the segments wholly below the log start (archived), then fsyncs the directory.</summary>
    /// <param name="eventsDirectory">The segments' directory.</param>
    /// <param name="afterEach">Called after each deletion (a test seam for crash points); optional.</param>
    /// <returns>How many were deleted.</returns>
    public static int DeleteArchivedSegments(string eventsDirectory, Action<string>? afterEach = null)
    {
        var start = LogStart.Read(eventsDirectory);
        var deleted = 0;
        foreach (var segment in SegmentFiles.ListAll(eventsDirectory).Where(s => s.FirstSequence < start))
        {
            File.Delete(segment.Path);
            DurableFile.SyncDirectory(eventsDirectory);
            deleted++;
            afterEach?.Invoke(segment.Path);
        }

        return deleted;
    }

    /// <summary>The archives in effect for a log whose live part starts at <paramref name="logStart"/>, oldest first.</summary>
    public static List<ArchiveEntry> InEffect(string archiveDirectory, long logStart) =>
        [.. ArchiveManifest.Read(archiveDirectory).Where(e => e.LastSequence < logStart)];

    /// <summary>
    /// Checks the archives in effect: each file's SHA-256 against the manifest, and that they run from sequence 0 up to
    /// the log start without a gap or overlap. One line per problem; empty when they are sound.
    /// </summary>
    public static List<string> Verify(string archiveDirectory, long logStart) => Verify(archiveDirectory, logStart, progress: null);

    /// <summary>
    /// <see cref="Verify(string, long)"/>, telling <paramref name="progress"/> the archived records checked so far after
    /// each archive.
    /// </summary>
    public static List<string> Verify(string archiveDirectory, long logStart, Action<long>? progress)
    {
        var problems = new List<string>();
        List<ArchiveEntry> entries;
        try
        {
            entries = InEffect(archiveDirectory, logStart);
        }
        catch (InvalidDataException e)
        {
            return [e.Message];
        }

        if (logStart > 0 && entries.Count == 0)
        {
            problems.Add($"the log starts at sequence {logStart} but {Path.Combine(archiveDirectory, ArchiveManifest.FileName)} lists no archive below it");
            return problems;
        }

        long expected = 0;
        long checkedRecords = 0;
        foreach (var entry in entries)
        {
            var path = Path.Combine(archiveDirectory, entry.File);
            if (entry.FirstSequence != expected)
            {
                problems.Add($"{path}: starts at sequence {entry.FirstSequence}, expected {expected} (archives do not run on without a gap)");
            }

            if (!File.Exists(path))
            {
                problems.Add($"{path}: missing");
            }
            else if (!string.Equals(HashFile(path), entry.Sha256, StringComparison.Ordinal))
            {
                problems.Add($"{path}: its SHA-256 does not match the manifest's (a damaged archive)");
            }

            expected = entry.LastSequence + 1;
            checkedRecords += entry.Records;
            progress?.Invoke(checkedRecords);
        }

        if (entries.Count > 0 && expected != logStart)
        {
            problems.Add($"the archives end before sequence {expected}, the live log starts at {logStart}");
        }

        return problems;
    }

    /// <summary>
    /// Hands every archived record in effect to <paramref name="onRecord"/>, in sequence order; every archive's checksum
    /// is checked before the first record is read.
    /// </summary>
    /// <exception cref="InvalidDataException">An archive fails its check (named in the message).</exception>
    public static long Read(string archiveDirectory, long logStart, RecordHandler onRecord)
    {
        ArgumentNullException.ThrowIfNull(onRecord);
        var problems = Verify(archiveDirectory, logStart);
        if (problems.Count > 0)
        {
            throw new InvalidDataException(string.Join("; ", problems));
        }

        long records = 0;
        foreach (var entry in InEffect(archiveDirectory, logStart))
        {
            var sequence = entry.FirstSequence;
            foreach (var line in Lines(Path.Combine(archiveDirectory, entry.File)))
            {
                onRecord(sequence++, line);
                records++;
            }
        }

        return records;
    }

    /// <summary>
    /// Brings the archived records back as segments (their original names and sequence numbers), then moves the log
    /// start back to 0 and removes the archives. Every archive is checked first: one that fails leaves everything as it was.
    /// </summary>
    /// <returns>The records restored.</returns>
    /// <exception cref="InvalidDataException">An archive fails its check (named in the message); nothing was changed.</exception>
    public static long Restore(string archiveDirectory, string eventsDirectory)
    {
        var logStart = LogStart.Read(eventsDirectory);
        var problems = Verify(archiveDirectory, logStart);
        if (problems.Count > 0)
        {
            throw new InvalidDataException(string.Join("; ", problems));
        }

        long records = 0;
        var entries = InEffect(archiveDirectory, logStart);
        foreach (var entry in entries)
        {
            var segment = SegmentFiles.PathFor(eventsDirectory, entry.FirstSequence);
            DurableFile.Write(segment, stream =>
            {
                var frame = new byte[4096];
                foreach (var line in Lines(Path.Combine(archiveDirectory, entry.File)))
                {
                    var length = RecordFormat.FramedLength(line.Length);
                    if (frame.Length < length)
                    {
                        frame = new byte[length * 2];
                    }

                    stream.Write(frame, 0, RecordFormat.Encode(line, frame));
                    records++;
                }
            });
        }

        // The segments are durable: from here the log is whole again and the archives are spare copies.
        LogStart.Write(eventsDirectory, 0);
        foreach (var entry in entries)
        {
            File.Delete(Path.Combine(archiveDirectory, entry.File));
        }

        ArchiveManifest.Write(archiveDirectory, [.. ArchiveManifest.Read(archiveDirectory).Except(entries)]);
        return records;
    }

    /// <summary>Makes a rename in <paramref name="directory"/> durable (fsync of the directory, on Linux).</summary>
    public static void SyncDirectory(string directory) => DurableFile.SyncDirectory(directory);

    /// <summary>The lowercase-hex SHA-256 of a file.</summary>
    public static string HashFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static IEnumerable<byte[]> Lines(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var buffered = new BufferedStream(gzip, 1 << 16);
        var line = new MemoryStream();
        int b;
        while ((b = buffered.ReadByte()) >= 0)
        {
            if (b == '\n')
            {
                yield return line.ToArray();
                line.SetLength(0);
            }
            else
            {
                line.WriteByte((byte)b);
            }
        }

        if (line.Length > 0)
        {
            throw new InvalidDataException($"{path}: its last line has no line break (a truncated archive).");
        }
    }
}
