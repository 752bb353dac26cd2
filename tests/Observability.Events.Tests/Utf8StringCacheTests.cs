using System.Text;

namespace Observability.Events.Tests;

public sealed class Utf8StringCacheTests
{
    [Fact]
    public void GetString_EveryShortLength_IsTheTextAndTheSameInstanceWhenRepeated()
    {
        for (var length = 0; length <= 64; length++)
        {
            var text = string.Concat(Enumerable.Range(0, length).Select(i => (char)('a' + ((i * 7 + length) % 26))));
            var utf8 = Encoding.UTF8.GetBytes(text);

            var first = Utf8StringCache.GetString(utf8);

            Assert.Equal(text, first);
            Assert.Same(first, Utf8StringCache.GetString(utf8.ToArray()));
        }
    }

    [Fact]
    public void GetString_TextsThatDifferInOneByteOrInLength_AreEachTheirOwnText()
    {
        string[] texts = ["claude-code", "claude-codf", "claude-cod", "claude-code\0", "é", "e\u0301", "\0", string.Empty, new string('x', 65)];

        foreach (var text in texts.Concat(texts))
        {
            Assert.Equal(text, Utf8StringCache.GetString(Encoding.UTF8.GetBytes(text)));
        }
    }
}
