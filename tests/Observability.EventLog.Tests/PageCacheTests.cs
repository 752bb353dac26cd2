using System.Diagnostics;
using Observability.EventLog.Tests.Support;

namespace Observability.EventLog.Tests;

/// <summary>
/// The segment's durable pages are given back to the kernel as the log writes, unless the options keep them: measured by
/// util-linux's <c>fincore</c>, which asks the kernel which of a file's pages are in its page cache. The log is written
/// on a disk (<see cref="OnDisk"/>): a folder in memory (tmpfs) has no pages to give back.
/// </summary>
public sealed class PageCacheTests
{
    private const int Megabyte = 1024 * 1024;

    [Fact]
    public async Task Append_Durable_PagesBehindTheDataGivenBack()
    {
        using var dir = new TempDirectory(OnDisk());

        var (written, resident) = await WriteAsync(dir, dir.Options());

        // At most the last step not yet given back and the preallocated zeros ahead of the data.
        Assert.True(written >= 12 * Megabyte, $"{written} bytes written");
        Assert.True(resident <= Megabyte + EventLogOptions.DefaultPreallocationBytes + 4096, $"{resident} of {written} bytes still cached");
    }

    [Fact]
    public async Task Append_CacheWrittenPages_PagesKept()
    {
        using var dir = new TempDirectory(OnDisk());
        var options = dir.Options();
        options.CacheWrittenPages = true;

        var (written, resident) = await WriteAsync(dir, options);

        // Kept, unless the kernel needed the memory meanwhile: half is far more than the drop leaves (5 MB of 12).
        Assert.True(resident >= written / 2, $"{resident} of {written} bytes cached");
    }

    [Fact]
    public async Task Roll_Fsynced_SealedSegmentGivenBackWhole()
    {
        using var dir = new TempDirectory(OnDisk());

        await WriteAsync(dir, dir.Options(segmentMaxBytes: 4 * Megabyte));

        var segments = dir.Segments();
        Assert.True(segments.Length > 2, $"{segments.Length} segments");
        Assert.All(segments[..^1], sealedSegment => Assert.Equal(0, Resident(sealedSegment)));
    }

    // Some 12 MB in groups of 64 records of about 2 KB, fsynced; then the live segment's cached bytes.
    private static async Task<(long Written, long Resident)> WriteAsync(TempDirectory dir, EventLogOptions options)
    {
        var payload = new byte[2000];
        Array.Fill(payload, (byte)'x');
        long written;
        long resident;
        await using (var log = EventLog.Open(options))
        {
            for (var group = 0; group < 100; group++)
            {
                await log.AppendBatchAsync(Enumerable.Repeat<ReadOnlyMemory<byte>>(payload, 64).ToArray());
            }

            written = log.Status.Bytes;
            resident = Resident(dir.Segments()[^1]);
        }

        return (written, resident);
    }

    // Beside the tests' binaries, else the system's folders for large temporary files: the first not held in memory.
    private static string OnDisk()
    {
        string[] candidates = [AppContext.BaseDirectory, "/var/tmp", Path.GetTempPath()];
        foreach (var candidate in candidates)
        {
            if (Directory.Exists(candidate) && Run("stat", "-f", "-c", "%T", candidate) is not ("tmpfs" or "ramfs"))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"every folder the test may write to is in memory: {string.Join(", ", candidates)}");
    }

    private static long Resident(string path) =>
        long.Parse(Run("fincore", "--bytes", "--noheadings", "--output", "RES", path), System.Globalization.CultureInfo.InvariantCulture);

    private static string Run(string tool, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} failed: {process.StandardError.ReadToEnd()}");
        return output.Trim();
    }
}
