namespace Observability.EventLog.Tests.Support;

/// <summary>
/// A segment stream whose writes or fsyncs (and, through <see cref="Faults.SyncData"/>, fdatasyncs) fail while its
/// <see cref="Faults"/> say so. A failing write first writes half of its bytes, as a real short write followed by an
/// error (ENOSPC, EIO) would.
/// </summary>
internal sealed class FaultyFileStream(string path, FileMode mode, FaultyFileStream.Faults faults)
    : FileStream(path, mode, FileAccess.Write, FileShare.Read, bufferSize: 0, FileOptions.None)
{
    // FileStream's span overload calls back into the array overload for derived types, so the fault lives there.
    public override void Write(ReadOnlySpan<byte> buffer) => Write(buffer.ToArray(), 0, buffer.Length);

    public override void Write(byte[] buffer, int offset, int count)
    {
        if (faults.FailWrites || (faults.FailZeroFill && !buffer.AsSpan(offset, count).ContainsAnyExcept((byte)0)))
        {
            base.Write(buffer, offset, count / 2);
            throw new IOException("injected: No space left on device");
        }

        base.Write(buffer, offset, count);
    }

    public override void Flush(bool flushToDisk)
    {
        if (flushToDisk && faults.FailFsync)
        {
            throw new IOException("injected: Input/output error");
        }

        base.Flush(flushToDisk);
    }

    /// <summary>The switches a test flips; shared by every stream the log opens.</summary>
    internal sealed class Faults
    {
        private volatile bool _failWrites;
        private volatile bool _failFsync;
        private volatile bool _failCreate;
        private volatile bool _failZeroFill;

        public bool FailWrites { get => _failWrites; set => _failWrites = value; }

        public bool FailFsync { get => _failFsync; set => _failFsync = value; }

        public bool FailCreate { get => _failCreate; set => _failCreate = value; }

        /// <summary>Fails writes of zeros only: the preallocation step, on a disk with room for records but not a step.</summary>
        public bool FailZeroFill { get => _failZeroFill; set => _failZeroFill = value; }

        /// <summary>The data sync (fdatasync) of a write into preallocated space, failing with <see cref="FailFsync"/>.</summary>
        public void SyncData(FileStream stream)
        {
            if (FailFsync)
            {
                throw new IOException("injected: Input/output error");
            }

            Internal.DataSync.Flush(stream);
        }

        public FileStream Open(string path, FileMode mode) =>
            FailCreate && mode == FileMode.CreateNew
                ? throw new IOException($"injected: cannot create '{path}'")
                : new FaultyFileStream(path, mode, this);
    }
}
