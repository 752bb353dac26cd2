using System.Globalization;
using System.Text.Json;
using Observability.Sidecar.Hosting;
using Serilog.Events;
using Serilog.Formatting.Compact;
using Serilog.Parsing;

namespace Observability.Sidecar.Tests.Hosting;

/// <summary>
/// The CLEF line <c>Sidecar:JsonLogs</c> writes: Serilog's compact formatter, with every character
/// <see cref="LogText.IsUnsafe"/> names escaped, since JSON allows DEL, C1 controls, the line separators and the
/// bidirectional marks raw.
/// </summary>
public sealed class SafeJsonFormatterTests
{
    private const string Hostile = "a\nb\u001b[31m\u007fdel\u0085nel\u009bcsi\u2028ls\u2029ps\u202ertl\u2066iso\u200elrm";

    [Fact]
    public void Format_CompactJsonWithHostileValue_OneAsciiControlFreeLineThatReadsBackUnchanged()
    {
        var line = Format(new SafeJsonFormatter(new CompactJsonFormatter()), Hostile);

        Assert.EndsWith("\n", line, StringComparison.Ordinal);
        Assert.DoesNotContain(line[..^1], c => LogText.IsUnsafe(c));
        foreach (var escape in (string[])["\\u007f", "\\u0085", "\\u009b", "\\u2028", "\\u2029", "\\u202e", "\\u2066", "\\u200e"])
        {
            Assert.Contains(escape, line, StringComparison.OrdinalIgnoreCase);
        }

        var json = JsonDocument.Parse(line).RootElement;
        Assert.Equal(Hostile, json.GetProperty("Project").GetString());
        Assert.Equal("Threshold for {Project}", json.GetProperty("@mt").GetString());
        Assert.Equal("Warning", json.GetProperty("@l").GetString());
        Assert.Equal("2026-01-02T03:04:05.0000000Z", json.GetProperty("@t").GetString());
    }

    [Fact]
    public void Format_BareCompactJson_LeavesTheCharactersJsonAllowsRaw()
    {
        // Why the wrapper exists: the compact formatter escapes only what JSON requires.
        var line = Format(new CompactJsonFormatter(), Hostile);

        Assert.Contains('\u2028', line);
        Assert.Contains('\u0085', line);
        Assert.Contains('\u007f', line);
    }

    private static string Format(Serilog.Formatting.ITextFormatter formatter, string value)
    {
        var logEvent = new LogEvent(
            new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            LogEventLevel.Warning,
            exception: null,
            new MessageTemplateParser().Parse("Threshold for {Project}"),
            [new LogEventProperty("Project", new ScalarValue(value))]);
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        formatter.Format(logEvent, output);
        return output.ToString();
    }
}
