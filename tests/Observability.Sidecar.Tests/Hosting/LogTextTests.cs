using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Tests.Hosting;

public sealed class LogTextTests
{
    [Theory]
    [InlineData("plain project", "plain project")]
    [InlineData("evil\n2026-01-01T00:00:00.000Z INF forged", "evil\\n2026-01-01T00:00:00.000Z INF forged")]
    [InlineData("a\r\nb\tc", "a\\r\\nb\\tc")]
    [InlineData("\u001b[31mred\u001b[0m", "\\u001b[31mred\\u001b[0m")]
    [InlineData("nul\0del\u007fcsi\u009b", "nul\\u0000del\\u007fcsi\\u009b")]
    [InlineData("line\u2028para\u2029", "line\\u2028para\\u2029")]
    [InlineData("rtl\u202eevil\u2066", "rtl\\u202eevil\\u2066")]
    [InlineData("été ✓ C:\\data", "été ✓ C:\\data")]
    public void Escape_Text_ControlCharactersBecomeEscapes(string text, string expected)
    {
        Assert.Equal(expected, LogText.Escape(text));
    }

    [Fact]
    public void Escape_NothingToEscape_ReturnsTheSameInstance()
    {
        var text = "crossing:trust:_global:m-1";

        Assert.Same(text, LogText.Escape(text));
    }
}
