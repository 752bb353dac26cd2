using System.Globalization;
using Observability.Cli.Tests.Support;
using Observability.Sidecar.Tests.Support;

namespace Observability.Cli.Tests;

/// <summary>
/// <c>agentobs verify</c> over a log written straight from the documented format (three segments of ten 52-byte records,
/// record k of a segment at byte k × 52), then damaged: exit code 1, and one line per problem naming the segment and the
/// byte range of damage or the sequence range of missing records.
/// </summary>
public sealed class VerifyTests
{
    private const int PerSegment = 10;
    private const int RecordBytes = 52;

    public static TheoryData<string, string[], int, int> Damages => new()
    {
        { "one byte", ["{1}: bytes 260 to 311 (52 bytes) are damaged, 1 record unreadable (sequence 15): checksum mismatch (stored "], 1, 0 },
        { "eight bytes", ["{1}: bytes 260 to 311 (52 bytes) are damaged, 1 record unreadable (sequence 15): checksum mismatch (stored "], 1, 0 },
        { "length field", ["{1}: bytes 260 to 311 (52 bytes) are damaged, 1 record unreadable (sequence 15): missing record terminator; the records after them are kept"], 1, 0 },
        { "deleted segment", ["{2}: sequences 10 to 19 are missing (10 records): 00000000000000000000.log ends before sequence 10 (a segment removed, or it was cut short)"], 0, 10 },
        {
            "truncated sealed segment",
            [
                "{1}: bytes 260 to 279 (20 bytes) are damaged, 1 record unreadable (sequence 15): incomplete record (20 of 52 bytes); the records after them are kept",
                "{2}: sequences 16 to 19 are missing (4 records): 00000000000000000010.log ends before sequence 16 (a segment removed, or it was cut short)",
            ],
            1,
            4
        },
        { "truncated last segment", ["{2} at offset 468: torn tail: incomplete record (20 of 52 bytes); 20 bytes from there on are unreadable (the next start cuts them)"], 0, 0 },
    };

    [Fact]
    public async Task Verify_HealthyLog_ExitsZero()
    {
        using var directory = new TempDirectory("cli-verify-healthy");
        var data = directory.Combine("data");
        var segments = Write(data);

        var result = await CliProcess.RunAsync("verify", "--data-dir", data);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"{Path.GetDirectoryName(segments[0])}: 3 segments, 30 records, {30 * RecordBytes} bytes: healthy", result.StandardOutput.TrimEnd());
    }

    [Fact]
    public async Task Verify_NotATerminal_PlainProgressLinesWithCountOfTotalAndRate()
    {
        using var directory = new TempDirectory("cli-verify-progress");
        var data = directory.Combine("data");
        Write(data, perSegment: 1000);

        var result = await CliProcess.RunAsync(new Dictionary<string, string?> { ["AGENTOBS_PROGRESS_INTERVAL_MS"] = "0" }, "verify", "--data-dir", data);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Matches(@"^agentobs verify: 1024/3000 records \(\d+ records/s\)$", lines[0]);
        Assert.Matches(@"^agentobs verify: 2048/3000 records \(\d+ records/s\)$", lines[1]);
        Assert.Matches(@"^agentobs verify: 3000/3000 records in \d+\.\d s \(\d+ records/s\), done$", lines[^1]);
        Assert.Contains("3 segments, 3000 records", result.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Damages))]
    public async Task Verify_DamagedLog_ExitsOneNamingSegmentAndRange(string damage, string[] problems, int corrupt, int missing)
    {
        using var directory = new TempDirectory("cli-verify");
        var data = directory.Combine("data");
        var segments = Write(data);
        var middle = segments[1];
        switch (damage)
        {
            case "one byte":
                Xor(middle, (5 * RecordBytes) + 18 + 10, 1);
                break;
            case "eight bytes":
                Xor(middle, (5 * RecordBytes) + 18 + 10, 8);
                break;
            case "length field":
                Overwrite(middle, 5 * RecordBytes, "00000020"u8);
                break;
            case "deleted segment":
                File.Delete(middle);
                break;
            case "truncated sealed segment":
                Truncate(middle, (5 * RecordBytes) + 20);
                break;
            default:
                Truncate(segments[2], (9 * RecordBytes) + 20);
                break;
        }

        var text = await CliProcess.RunAsync("verify", "--data-dir", data);
        var json = await CliProcess.RunAsync("verify", "--data-dir", data, "--json");

        Assert.True(text.ExitCode == 1, text.ToString());
        Assert.True(json.ExitCode == 1, json.ToString());
        var lines = text.StandardOutput.TrimEnd().Split('\n');
        Assert.EndsWith($": {problems.Length} problems ({corrupt} damaged records, {missing} missing records)", lines[0], StringComparison.Ordinal);
        Assert.Equal(problems.Length + 1, lines.Length);
        for (var i = 0; i < problems.Length; i++)
        {
            var expected = "  " + string.Format(CultureInfo.InvariantCulture, problems[i], segments[0], segments[1], segments[2]);
            Assert.StartsWith(expected, lines[i + 1], StringComparison.Ordinal);
        }

        Assert.False(json.Json.GetProperty("healthy").GetBoolean());
        Assert.Equal(corrupt, json.Json.GetProperty("corrupt_records").GetInt64());
        Assert.Equal(missing, json.Json.GetProperty("missing_records").GetInt64());
        Assert.Equal(corrupt > 0 ? 1 : 0, json.Json.GetProperty("damage").GetArrayLength());
        if (corrupt > 0)
        {
            var range = json.Json.GetProperty("damage")[0];
            Assert.Equal((middle, 260L, 15L), (range.GetProperty("segment").GetString(), range.GetProperty("offset").GetInt64(), range.GetProperty("first_sequence").GetInt64()));
        }

        if (missing > 0)
        {
            var gap = json.Json.GetProperty("gaps")[0];
            Assert.Equal((segments[2], 20L - missing, 19L), (gap.GetProperty("segment").GetString(), gap.GetProperty("first_sequence").GetInt64(), gap.GetProperty("last_sequence").GetInt64()));
        }
    }

    // Three segments named by their first sequence, each record {"id":"v-NNNN","pad":"xxxxxxxxx"} (33 bytes, 52 framed).
    private static string[] Write(string data, int perSegment = PerSegment)
    {
        var events = EventLogFiles.EventsDirectory(data);
        Directory.CreateDirectory(events);
        var segments = new string[3];
        for (var s = 0; s < 3; s++)
        {
            var bytes = Enumerable.Range(s * perSegment, perSegment)
                .SelectMany(i => EventLogFiles.Frame($"{{\"id\":\"v-{i:D4}\",\"pad\":\"xxxxxxxxx\"}}"))
                .ToArray();
            Assert.Equal(perSegment * RecordBytes, bytes.Length);
            segments[s] = Path.GetFullPath(Path.Combine(events, (s * perSegment).ToString("D20", CultureInfo.InvariantCulture) + ".log"));
            File.WriteAllBytes(segments[s], bytes);
        }

        return segments;
    }

    private static void Xor(string path, int offset, int count)
    {
        var bytes = File.ReadAllBytes(path);
        for (var i = offset; i < offset + count; i++)
        {
            bytes[i] ^= 0x01;
        }

        File.WriteAllBytes(path, bytes);
    }

    private static void Overwrite(string path, int offset, ReadOnlySpan<byte> with)
    {
        var bytes = File.ReadAllBytes(path);
        with.CopyTo(bytes.AsSpan(offset));
        File.WriteAllBytes(path, bytes);
    }

    private static void Truncate(string path, long length)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.SetLength(length);
    }
}
