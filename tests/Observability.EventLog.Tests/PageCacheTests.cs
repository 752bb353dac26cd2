using System.Diagnostics;
using Observability.EventLog.Tests.Support;

namespace Observability.EventLog.Tests;

/// <summary>
/// The segment's durable pages are given back to the kernel as the log writes, unless the options keep them: measured by
/// util-linux's <c>fincore</c>, which asks the kernel which of a file's pages are in its page cache. The log is written
/// beside the tests' binaries, on the disk the repository is on: a temp folder in memory (tmpfs) has no pages to give back.
/// </summary>
public sealed class PageCacheTests
{
    private const int Megabyte = 1024 * 1024;

    [Fact]
    public async Task Append_Durable_PagesBehindTheDataGivenBack()
    {
        using var dir = new TempDirectory(AppContext.BaseDirectory);

        var (written, resident) = await WriteAsync(dir, dir.Options());

        // At most the last step not yet given back and the preallocated zeros ahead of the data.
        Assert.True(written >= 12 * Megabyte, $"{written} bytes written");
        Assert.True(resident <= Megabyte + EventLogOptions.DefaultPreallocationBytes + 4096, $"{resident} of {written} bytes still cached");
    }

    [Fact]
    public async Task Append_CacheWrittenPages_PagesKept()
    {
        using var dir = new TempDirectory(AppContext.BaseDirectory);
        var options = dir.Options();
        options.CacheWrittenPages = true;

        var (written, resident) = await WriteAsync(dir, options);

        // Kept, unless the kernel needed the memory meanwhile: half is far more than the drop leaves (5 MB of 12).
        Assert.True(resident >= written / 2, $"{resident} of {written} bytes cached");
    }

    [Fact]
    public async Task Roll_Fsynced_SealedSegmentGivenBackWhole()
    {
        using var dir = new TempDirectory(AppContext.BaseDirectory);

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

    private static long Resident(string path)
    {
        using var fincore = Process.Start(new ProcessStartInfo("fincore", ["--bytes", "--noheadings", "--output", "RES", path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = fincore.StandardOutput.ReadToEnd();
        fincore.WaitForExit();
        Assert.True(fincore.ExitCode == 0, $"fincore failed: {fincore.StandardError.ReadToEnd()}");
        return long.Parse(output.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
