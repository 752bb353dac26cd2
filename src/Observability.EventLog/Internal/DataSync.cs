using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Observability.EventLog.Internal;

/// <summary>
/// The production <see cref="SegmentDataSync"/>: <c>fdatasync(2)</c> on Linux, which flushes the data and only the
/// metadata needed to read it back. When a write overwrote already allocated, already zeroed blocks and left the size
/// alone, that skips the journal commit a full fsync pays for the modification time: 200-250 µs instead of 370-520 µs
/// on the ext4 disk this was measured on. Elsewhere, or if libc cannot be bound, a full fsync.
/// </summary>
internal static partial class DataSync
{
    private static volatile bool s_unavailable = !OperatingSystem.IsLinux();

    public static void Flush(FileStream stream)
    {
        if (s_unavailable)
        {
            stream.Flush(flushToDisk: true);
            return;
        }

        int result;
        try
        {
            result = FDataSync(stream.SafeFileHandle);
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            s_unavailable = true;
            stream.Flush(flushToDisk: true);
            return;
        }

        if (result != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"fdatasync of '{stream.Name}' failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).", errno);
        }
    }

    [LibraryImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    private static partial int FDataSync(SafeFileHandle fd);
}
