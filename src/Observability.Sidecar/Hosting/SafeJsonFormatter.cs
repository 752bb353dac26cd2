using System.Globalization;
using Serilog.Events;
using Serilog.Formatting;

namespace Observability.Sidecar.Hosting;

/// <summary>
/// Serilog's JSON lines with every character <see cref="LogText.IsUnsafe"/> names written as a <c>\uXXXX</c> escape.
/// The JSON formatter already escapes C0 controls (a newline is <c>\n</c>, ESC is <c>\u001b</c>); this adds DEL, the
/// C1 controls, the line separators and the bidirectional marks, which JSON allows raw. Outside strings a JSON line
/// is ASCII, so the escapes land only inside strings and the values read back unchanged.
/// </summary>
internal sealed class SafeJsonFormatter(ITextFormatter json) : ITextFormatter
{
    public void Format(LogEvent logEvent, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var line = new StringWriter(CultureInfo.InvariantCulture);
        json.Format(logEvent, line);
        foreach (var c in line.GetStringBuilder().GetChunks())
        {
            Write(c.Span, output);
        }
    }

    private static void Write(ReadOnlySpan<char> text, TextWriter output)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];

            // The line's own newline at the end stays; any other newline the formatter already escaped.
            if (LogText.IsUnsafe(c) && c is not '\n' and not '\r')
            {
                output.Write(text[start..i]);
                output.Write("\\u");
                output.Write(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                start = i + 1;
            }
        }

        output.Write(text[start..]);
    }
}
