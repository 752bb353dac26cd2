using Observability.EventLog.Tests.Support;

namespace Observability.EventLog.Tests;

/// <summary>Where damaged and cut bytes go, under which names and modes, and what happens when they cannot go there.</summary>
public sealed class QuarantineTests
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task TornTails_CutAtTheSameOffsetByTwoStarts_AreKeptSideBySideAndTheSameBytesOnce()
    {
        using var dir = new TempDirectory();
        var segment = (await WriteAsync(dir, dir.Options()))[^1];
        var end = new FileInfo(segment).Length;
        var name = Path.GetFileName(segment) + "@" + end;

        LogFiles.Append(segment, "0000004a 1234abcd {\"id\":\"first"u8);
        await Payloads.ReplayAsync(dir.Options());
        LogFiles.Append(segment, "0000004a 1234abcd {\"id\":\"second"u8);
        await Payloads.ReplayAsync(dir.Options());
        LogFiles.Append(segment, "0000004a 1234abcd {\"id\":\"first"u8);
        await Payloads.ReplayAsync(dir.Options());

        Assert.Equal([name + ".2.bin", name + ".bin"], dir.QuarantineFiles());
        Assert.Equal("0000004a 1234abcd {\"id\":\"first"u8.ToArray(), File.ReadAllBytes(Path.Combine(dir.Quarantine, name + ".bin")));
        Assert.Equal("0000004a 1234abcd {\"id\":\"second"u8.ToArray(), File.ReadAllBytes(Path.Combine(dir.Quarantine, name + ".2.bin")));
        Assert.Equal(end, new FileInfo(segment).Length);
    }

    [Fact]
    public async Task ZeroFilledTail_PreallocatedSpace_IsNotQuarantined()
    {
        using var dir = new TempDirectory();
        var segment = (await WriteAsync(dir, dir.Options()))[^1];
        LogFiles.AppendZeros(segment, 4096);

        await Payloads.ReplayAsync(dir.Options());

        Assert.Empty(dir.QuarantineFiles());
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Files_SegmentsAndQuarantine_AreOwnerOnly()
    {
        using var dir = new TempDirectory();
        var options = dir.Options(segmentMaxBytes: 1024);
        var segments = await WriteAsync(dir, options, count: 30);
        Assert.True(segments.Length >= 3, "the test needs rolled segments");
        LogFiles.FlipPayloadByte(segments[0], LogFiles.RecordStarts(segments[0])[1]);

        var observer = new RecordingObserver();
        await Payloads.ReplayAsync(options, observer);

        Assert.All(dir.Segments(), s => Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(s)));
        Assert.Equal(OwnerReadWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(dir.Quarantine));
        var copy = Assert.Single(observer.Damaged).QuarantinePath!;
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(copy));
    }

    [Fact]
    public async Task Directory_NotConfigured_IsBesideTheSegmentsDirectory()
    {
        using var root = new TempDirectory();
        var options = new EventLogOptions { Directory = Path.Combine(root.Path, "events"), Fsync = false };
        var segment = (await WriteAsync(root, options))[^1];
        LogFiles.Append(segment, "0000004a 1234abcd {\"id\":\"half"u8);

        await Payloads.ReplayAsync(options);

        Assert.Equal([$"{Path.GetFileName(segment)}@{new FileInfo(segment).Length}.bin"], Directory.GetFiles(Path.Combine(root.Path, "quarantine")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Directory_CannotBeCreated_TheLogOpensAndTheDamageIsReportedUncopied()
    {
        using var dir = new TempDirectory();
        var blocker = Path.Combine(dir.Path, "not-a-directory");
        File.WriteAllText(blocker, "a file where the quarantine directory's parent should be\n");
        var options = dir.Options(segmentMaxBytes: 1024);
        options.QuarantineDirectory = Path.Combine(blocker, "quarantine");
        var segments = await WriteAsync(dir, options, count: 30);
        var starts = LogFiles.RecordStarts(segments[0]);
        LogFiles.FlipPayloadByte(segments[0], starts[1]);
        var observer = new RecordingObserver();

        var (records, status) = await Payloads.ReplayAsync(options, observer);

        Assert.Equal(29, records.Count);
        Assert.Equal(1, status.CorruptRecords);
        var damage = Assert.Single(observer.Damaged);
        Assert.Null(damage.QuarantinePath);
        Assert.NotNull(damage.QuarantineError);
        Assert.Contains(blocker, damage.QuarantineError, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_EmptyQuarantineDirectory_IsRejectedNamingIt()
    {
        var options = new EventLogOptions { QuarantineDirectory = " " };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal("QuarantineDirectory", error.ParamName);
    }

    private static async Task<string[]> WriteAsync(TempDirectory dir, EventLogOptions options, int count = 5)
    {
        await using (var log = EventLog.Open(options))
        {
            for (var i = 0; i < count; i++)
            {
                await log.AppendAsync(Payloads.Event(i));
            }
        }

        return Directory.GetFiles(options.Directory, "*.log").Order(StringComparer.Ordinal).ToArray();
    }
}
