using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Observability.EventLog.Internal;

/// <summary>
/// Tells the kernel a segment's durable pages will not be read again soon (<c>posix_fadvise(POSIX_FADV_DONTNEED)</c>),
/// so it frees them: the log is written once and read back only by a replay. On Linux only; elsewhere, or if libc cannot
/// be bound, nothing. Advice, not a command: a failure changes nothing the log relies on, so it is ignored.
/// </summary>
internal static partial class PageCache
{
    private const int DontNeed = 4;
    // 64-bit only: the symbol bound takes a 64-bit off_t, which 32-bit Linux's posix_fadvise does not.
    private static volatile bool s_unavailable = !OperatingSystem.IsLinux() || !Environment.Is64BitProcess;

    /// <summary>Drops the clean pages of [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="length"/>); length 0 is to the end of the file.</summary>
    public static void Drop(FileStream stream, long offset, long length)
    {
        if (s_unavailable)
        {
            return;
        }

        try
        {
            _ = FAdvise(stream.SafeFileHandle, offset, length, DontNeed);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Advice only: a log that cannot give its pages back keeps them, and writes on.
            s_unavailable = true;
        }
    }

    // Returns an error number rather than setting errno.
    [LibraryImport("libc", EntryPoint = "posix_fadvise")]
    private static partial int FAdvise(SafeFileHandle fd, long offset, long length, int advice);
}
