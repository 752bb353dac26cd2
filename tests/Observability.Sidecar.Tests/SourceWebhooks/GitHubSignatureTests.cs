using System.Text;
using Observability.Sidecar.SourceWebhooks;

namespace Observability.Sidecar.Tests.SourceWebhooks;

public sealed class GitHubSignatureTests
{
    // GitHub's documented test vector ("Validating webhook deliveries").
    private const string Secret = "It's a Secret to Everybody";
    private const string Payload = "Hello, World!";
    private const string Expected = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    private static readonly byte[] Key = Encoding.UTF8.GetBytes(Secret);

    [Fact]
    public void Compute_GitHubsTestVector_IsTheDocumentedSignature() =>
        Assert.Equal(Expected, GitHubSignature.Compute(Key, Encoding.UTF8.GetBytes(Payload)));

    [Fact]
    public void Verify_GitHubsTestVector_Holds() =>
        Assert.True(GitHubSignature.Verify(Key, Encoding.UTF8.GetBytes(Payload), Expected));

    [Fact]
    public void Verify_UppercaseHex_Holds() =>
        Assert.True(GitHubSignature.Verify(Key, Encoding.UTF8.GetBytes(Payload), Expected.ToUpperInvariant().Replace("SHA256=", "sha256=", StringComparison.Ordinal)));

    [Theory]
    [InlineData("Hello, World?", Expected)]
    [InlineData(Payload, "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e18")]
    [InlineData(Payload, "sha1=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    [InlineData(Payload, "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    [InlineData(Payload, "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1")]
    [InlineData(Payload, "sha256=zz7107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    [InlineData(Payload, "")]
    [InlineData(Payload, null)]
    public void Verify_AnotherBodyOrAMalformedHeader_Fails(string payload, string? header) =>
        Assert.False(GitHubSignature.Verify(Key, Encoding.UTF8.GetBytes(payload), header));

    [Fact]
    public void Verify_AnotherSecret_Fails() =>
        Assert.False(GitHubSignature.Verify(Encoding.UTF8.GetBytes("It's a Secret to Nobody"), Encoding.UTF8.GetBytes(Payload), Expected));
}
