using System.Security.Cryptography;
using System.Text;

namespace Observability.Projections;

/// <summary>
/// The derived state at a log position, in one file: what a restart restores instead of re-deriving it from every
/// record before that position.
/// </summary>
/// <remarks>
/// Layout: the magic <c>AOSNAP03</c>, the fingerprint of the mapping, registry settings and code the state was
/// derived under, the log's next sequence number when it was written, how many of the records below it the log held
/// readable then, the SHA-256 of the last record it covers, the state, and the SHA-256 of everything before. A file whose hash, magic or fingerprint does not match is not used. It is
/// written to a temporary name, fsynced and renamed, so a crash leaves the old file or the new one, never half.
/// </remarks>
internal sealed class StateSnapshot
{
    private static readonly byte[] Magic = "AOSNAP03"u8.ToArray();
    private readonly byte[] _file;
    private readonly int _bodyStart;

    private StateSnapshot(byte[] file, int bodyStart, long nextSequence, long coveredRecords, byte[] lastRecordHash)
    {
        _file = file;
        _bodyStart = bodyStart;
        NextSequence = nextSequence;
        CoveredRecords = coveredRecords;
        LastRecordHash = lastRecordHash;
    }

    /// <summary>The log records it covers: sequences 0 up to, not including, this.</summary>
    public long NextSequence { get; }

    /// <summary>
    /// How many of those the log held readable when the state was derived: fewer than <see cref="NextSequence"/> when
    /// damage or a gap was already there (the state never saw those records).
    /// </summary>
    public long CoveredRecords { get; }

    /// <summary>SHA-256 of the payload of record <see cref="NextSequence"/> - 1 (zeros when that is none).</summary>
    public byte[] LastRecordHash { get; }

    public static byte[] HashOf(ReadOnlySpan<byte> payload) => SHA256.HashData(payload);

    /// <summary>Reads and checks the file; null with the reason when there is none or it cannot be used.</summary>
    public static StateSnapshot? TryRead(string path, string fingerprint, out string? problem)
    {
        problem = null;
        if (!File.Exists(path) || ReadChecked(path, out problem) is not { } file)
        {
            return null;
        }

        const int HashLength = 32;
        using var reader = new BinaryReader(new MemoryStream(file, Magic.Length, file.Length - Magic.Length - HashLength), Encoding.UTF8);
        var written = reader.ReadString();
        if (written != fingerprint)
        {
            problem = "it was derived under another mapping, other metric settings or another build";
            return null;
        }

        var next = reader.ReadInt64();
        var covered = reader.ReadInt64();
        var last = reader.ReadBytes(HashLength);
        if (next < 0 || covered < 0 || covered > next || last.Length != HashLength)
        {
            problem = "its log position is invalid";
            return null;
        }

        return new StateSnapshot(file, Magic.Length + (int)reader.BaseStream.Position, next, covered, last);
    }

    /// <summary>
    /// Checks a file's format and checksum only, not what it was derived under: the log position it covers, or null
    /// with the reason (for <c>verify</c>, which has no projections to compare with).
    /// </summary>
    public static long? Inspect(string path, out string? problem)
    {
        problem = File.Exists(path) ? null : "it does not exist";
        if (problem is not null || ReadChecked(path, out problem) is not { } file)
        {
            return null;
        }

        const int HashLength = 32;
        using var reader = new BinaryReader(new MemoryStream(file, Magic.Length, file.Length - Magic.Length - HashLength), Encoding.UTF8);
        _ = reader.ReadString();
        return reader.ReadInt64();
    }

    // The whole file, when it can be read and its magic and checksum match; null with the reason otherwise.
    private static byte[]? ReadChecked(string path, out string? problem)
    {
        problem = null;
        byte[] file;
        try
        {
            file = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"it could not be read: {e.Message}";
            return null;
        }

        const int HashLength = 32;
        if (file.Length < Magic.Length + HashLength || !file.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            problem = "it is not a state snapshot of this format";
            return null;
        }

        if (!SHA256.HashData(file.AsSpan(0, file.Length - HashLength)).AsSpan().SequenceEqual(file.AsSpan(file.Length - HashLength)))
        {
            problem = "its checksum does not match (a damaged file)";
            return null;
        }

        return file;
    }

    /// <summary>Writes a snapshot atomically: a temporary file, fsynced, then renamed over <paramref name="path"/>.</summary>
    public static void Write(
        string path, string fingerprint, long nextSequence, long coveredRecords, byte[] lastRecordHash, Action<BinaryWriter> writeState)
    {
        var temporary = path + ".tmp";
        try
        {
            WriteFile(temporary, fingerprint, nextSequence, coveredRecords, lastRecordHash, writeState);
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            // A disk that filled up mid-write must not keep the half file; the previous snapshot stays valid.
            File.Delete(temporary);
            throw;
        }
    }

    private static void WriteFile(
        string temporary, string fingerprint, long nextSequence, long coveredRecords, byte[] lastRecordHash, Action<BinaryWriter> writeState)
    {
        // Owner-only: the file holds the duplicate index's hash keys.
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 1 << 16 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            using var hashing = new HashingStream(stream);
            using (var writer = new BinaryWriter(hashing, Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(Magic);
                writer.Write(fingerprint);
                writer.Write(nextSequence);
                writer.Write(coveredRecords);
                writer.Write(lastRecordHash);
                writeState(writer);
            }

            stream.Write(hashing.Hash());
            stream.Flush(flushToDisk: true);
        }
    }

    /// <summary>Hands the state part to <paramref name="readState"/>.</summary>
    public void ReadState(Action<BinaryReader> readState)
    {
        using var reader = new BinaryReader(new MemoryStream(_file, _bodyStart, _file.Length - _bodyStart - 32), Encoding.UTF8);
        readState(reader);
        if (reader.BaseStream.Position != reader.BaseStream.Length)
        {
            throw new InvalidDataException("The snapshot has data after its state.");
        }
    }

    /// <summary>A write-only pass-through that hashes what goes through it.</summary>
    private sealed class HashingStream(Stream inner) : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public byte[] Hash() => _hash.GetHashAndReset();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _hash.AppendData(buffer);
            inner.Write(buffer);
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _hash.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
