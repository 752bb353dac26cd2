using System.Text;
using Observability.Inbound.Expressions;

namespace Observability.Inbound.Tests;

/// <summary>
/// The prefilter hash of attribute keys: equal for equal bytes, different wherever a key of up to 16 bytes differs, and
/// the same one a path's keys carry, so that a document comparing hashes first finds what comparing bytes found.
/// </summary>
public sealed class KeyHashTests
{
    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("session.id")]
    [InlineData("vcs.repository.url.full")]
    [InlineData("séance.clé")]
    public void Of_SameBytesInOtherArrays_SameHash(string key)
    {
        var one = Encoding.UTF8.GetBytes(key);
        var other = Encoding.UTF8.GetBytes("prefix-" + key)[7..];

        Assert.Equal(KeyHash.Of(one), KeyHash.Of(other));
    }

    [Fact]
    public void Of_KeysOfUpTo16BytesDifferingInOneByte_DifferentHashes()
    {
        for (var length = 1; length <= 16; length++)
        {
            var key = Encoding.ASCII.GetBytes("event.sequence.id"[..length]);
            for (var at = 0; at < length; at++)
            {
                var changed = (byte[])key.Clone();
                changed[at] ^= 0x01;

                Assert.NotEqual(KeyHash.Of(key), KeyHash.Of(changed));
            }
        }
    }

    [Theory]
    [InlineData("session.id", "session.ie")]
    [InlineData("model", "mode")]
    [InlineData("a", "b")]
    [InlineData("clé", "cle")]
    [InlineData("event.name", "event.name.x")]
    public void Of_DifferentShortKeys_DifferentHashes(string one, string other)
    {
        Assert.NotEqual(KeyHash.Of(Encoding.UTF8.GetBytes(one)), KeyHash.Of(Encoding.UTF8.GetBytes(other)));
    }

    [Fact]
    public void Of_LongKeysDifferingOnlyInTheMiddle_SameHash()
    {
        // What the hash does not read: such keys are told apart by their bytes, which every match is confirmed on.
        Assert.Equal(KeyHash.Of("aaaaaaaa.x.zzzzzzzz"u8), KeyHash.Of("aaaaaaaa.y.zzzzzzzz"u8));
    }

    [Fact]
    public void Utf8KeyHash_EveryKeyOfAPath_TheHashOfItsUtf8()
    {
        var path = new DocumentPath("attributes.séance.id.é");

        for (var start = 0; start < path.Length; start++)
        {
            for (var end = start + 1; end <= path.Length; end++)
            {
                Assert.Equal(Encoding.UTF8.GetBytes(path.Key(start, end)), path.Utf8Key(start, end).ToArray());
                Assert.Equal(KeyHash.Of(Encoding.UTF8.GetBytes(path.Key(start, end))), path.Utf8KeyHash(start, end));
            }
        }
    }
}
