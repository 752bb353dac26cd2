using System.Text.Json;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests;

/// <summary>
/// A value taken from an event cannot forge a log line or reach the terminal as a control sequence: the real sidecar's
/// standard output, in text and in JSON, with a project name that holds a newline, a fake log line and ANSI escapes.
/// The threshold message also names the crossing's event id, not the logger's event id.
/// </summary>
public sealed class LogForgingTests
{
    private const string ForgedLine = "2026-01-01T00:00:00.000Z INF Observability.Sidecar.Hosting.WindowsService: all clear";
    private const string Project = "evil\n" + ForgedLine + "\u001b[2K\u001b[31m";
    private const string EscapedProject = "evil\\n" + ForgedLine + "\\u001b[2K\\u001b[31m";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    // A request path is the client's too: percent-encoded, it decodes to a newline, a forged line, ESC, DEL, NEL (C1),
    // the line separator and a right-to-left override.
    private const string HostilePath = "/evil\n" + ForgedLine + "\u001b[31m\u007f\u0085\u2028\u202e";
    private const string EscapedPath = "/evil\\n" + ForgedLine + "\\u001b[31m\\u007f\\u0085\\u2028\\u202e";

    [Fact]
    public async Task ThresholdMessage_TextLogs_ProjectIsEscapedOnOneLine()
    {
        var output = await CrossWithHostileProjectAsync(json: false);

        Assert.DoesNotContain(Lines(output), l => l.StartsWith(ForgedLine, StringComparison.Ordinal));
        Assert.DoesNotContain('\u001b', output);
        var line = Assert.Single(Lines(output), l => l.Contains("Threshold trust regained for evil", StringComparison.Ordinal));
        Assert.EndsWith(
            $"INF Observability.Sidecar.Reactions.ThresholdCrossingReaction: Threshold trust regained for {EscapedProject} at 1 (n=1/1), stored as crossing:trust:{EscapedProject}:m-2",
            line,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThresholdMessage_JsonLogs_EveryLineIsJsonAndTheValueReadsBackUnchanged()
    {
        var output = await CrossWithHostileProjectAsync(json: true);

        Assert.DoesNotContain(Lines(output), l => l.StartsWith(ForgedLine, StringComparison.Ordinal));
        Assert.DoesNotContain('\u001b', output);
        Assert.Contains("\\u001b[2K", output, StringComparison.OrdinalIgnoreCase);
        var events = Lines(output).Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(Lines(output).Count(l => l.Length > 0 && !l.StartsWith('!')), events.Count);
        // CLEF: the template in @mt, the properties beside it; a reader renders the message from both.
        var crossing = Assert.Single(events, e => e.GetProperty("@mt").GetString()!.StartsWith("Threshold ", StringComparison.Ordinal)
            && e.GetProperty("Project").GetString() == Project);
        Assert.Equal($"crossing:trust:{Project}:m-2", crossing.GetProperty("CrossingId").GetString());
        Assert.Equal(40, crossing.GetProperty("EventId").GetProperty("Id").GetInt32());
        Assert.EndsWith("stored as {CrossingId}", crossing.GetProperty("@mt").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestLine_TextLogs_PathWithControlCharactersIsEscapedOnOneLine()
    {
        var output = await RequestHostilePathAsync(json: false);

        Assert.DoesNotContain(Lines(output), l => l.StartsWith(ForgedLine, StringComparison.Ordinal));
        Assert.DoesNotContain(output, c => c is '\u001b' or '\u007f' or '\u0085' or '\u2028' or '\u202e');
        var line = Assert.Single(Lines(output), l => l.Contains("HTTP GET /evil", StringComparison.Ordinal));
        Assert.Contains($" INF Serilog.AspNetCore.RequestLoggingMiddleware: HTTP GET {EscapedPath} responded 404 in ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestLine_JsonLogs_DelC1AndSeparatorsAreEscapedAndThePathReadsBackUnchanged()
    {
        var output = await RequestHostilePathAsync(json: true);

        // JSON allows DEL, C1 controls, U+2028 and the bidirectional marks raw; the sidecar's CLEF writes them escaped.
        Assert.DoesNotContain(output, c => c is '\u001b' or '\u007f' or '\u0085' or '\u2028' or '\u202e');
        foreach (var escape in (string[])["\\u007f", "\\u0085", "\\u2028", "\\u202e", "\\u001b"])
        {
            Assert.Contains(escape, output, StringComparison.OrdinalIgnoreCase);
        }

        var events = Lines(output).Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(Lines(output).Count(l => l.Length > 0 && !l.StartsWith('!')), events.Count);
        var request = Assert.Single(events, e => e.TryGetProperty("RequestPath", out var path) && path.GetString() == HostilePath);
        Assert.Equal("HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0000} ms", request.GetProperty("@mt").GetString());
        Assert.Equal(404, request.GetProperty("StatusCode").GetInt32());
        Assert.False(request.TryGetProperty("@l", out _), "CLEF leaves @l out for Information");
    }

    private static string[] Lines(string output) => output.Split('\n');

    private static async Task<string> RequestHostilePathAsync(bool json)
    {
        using var directory = new TempDirectory("log-forging-path");
        string[] arguments = json ? ["--Sidecar:JsonLogs", "true"] : [];
        await using var sidecar = await SidecarProcess.StartAsync(new SidecarStart(directory.Combine("data")) { Arguments = arguments, QuietRequestLogs = false });
        var encoded = string.Join('/', HostilePath.Split('/').Select(Uri.EscapeDataString));
        var response = await sidecar.GetAsync(encoded);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.Status);

        Assert.Equal(0, await sidecar.StopAsync());
        return sidecar.Output;
    }

    // Window of one merge: the second merge of the project regains trust on its own rate, so its crossing names it.
    private static async Task<string> CrossWithHostileProjectAsync(bool json)
    {
        using var directory = new TempDirectory("log-forging");
        string[] arguments = json ? ["--Windows:FirstPassWindow", "1", "--Sidecar:JsonLogs", "true"] : ["--Windows:FirstPassWindow", "1"];
        await using var sidecar = await SidecarProcess.StartAsync(new SidecarStart(directory.Combine("data")) { Arguments = arguments });
        var response = await sidecar.PostNdjsonAsync(WindowsTests.Merge("m-1", 2, Project), WindowsTests.Merge("m-2", 1, Project));
        Assert.Equal(2, response.Json.GetProperty("accepted").GetInt32());

        var deadline = DateTime.UtcNow + Patience;
        var logged = json ? "\"Project\":\"evil" : "regained for evil";
        while (!sidecar.Output.Contains(logged, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"No threshold message for the project within {Patience}. Output:\n{sidecar.Output}");
            }

            await Task.Delay(100);
        }

        Assert.Equal(0, await sidecar.StopAsync());
        return sidecar.Output;
    }
}
