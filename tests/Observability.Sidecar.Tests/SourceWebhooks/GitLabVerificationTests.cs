using System.Text;
using Observability.Sidecar.SourceWebhooks;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests.SourceWebhooks;

public sealed class GitLabVerificationTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_767_225_600);
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task SignatureProblem_SignedByAnIndependentPythonSigner_IsNone()
    {
        const string Body = """{"object_kind":"pipeline","object_attributes":{"status":"success","name":"ünïcode"}}""";
        var key = SourceWebhookFixture.GitLabSigningKey;
        var signed = await PythonWebhookSigner.SignAsync(
            [new SigningInput(SourceWebhookFixture.GitLabSigningToken, "b3b5a8a1-5d2b-4f3c-9b8c-0f0e0d0c0b0a", Now.ToUnixTimeSeconds(), Body, "unused")]);

        Assert.Null(GitLabVerification.SignatureProblem(
            key, Encoding.UTF8.GetBytes(Body), "b3b5a8a1-5d2b-4f3c-9b8c-0f0e0d0c0b0a", Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "v1,bm90IHRoaXMgb25lLCBidXQgdGhlIG5leHQgb25lISEhISE= " + signed[0].Signature, Now, Tolerance));
        Assert.NotNull(GitLabVerification.SignatureProblem(
            key, Encoding.UTF8.GetBytes(Body + " "), "b3b5a8a1-5d2b-4f3c-9b8c-0f0e0d0c0b0a", Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            signed[0].Signature, Now, Tolerance));
    }

    [Theory]
    [InlineData(null, "1767225600", "v1,AAAA")]
    [InlineData("id", null, "v1,AAAA")]
    [InlineData("id", "1767225600", null)]
    [InlineData("id", "1767225000", "SIGN")]
    [InlineData("id", "1767226201", "SIGN")]
    [InlineData("id", "-1767225600", "SIGN")]
    [InlineData("id", "1767225600", "v2,SIGN")]
    public void SignatureProblem_MissingHeadersStaleTimeOrOtherScheme_IsNamed(string? id, string? timestamp, string? signature)
    {
        var body = "{}"u8.ToArray();
        var key = SourceWebhookFixture.GitLabSigningKey;
        var valid = Observability.Sidecar.Webhooks.WebhookSignature.Sign(key, id ?? "id", long.Parse(timestamp?.TrimStart('-') ?? "0", System.Globalization.CultureInfo.InvariantCulture), body);
        var header = signature?.Replace("v2,SIGN", "v2," + valid[3..], StringComparison.Ordinal).Replace("SIGN", valid, StringComparison.Ordinal);

        Assert.NotNull(GitLabVerification.SignatureProblem(key, body, id, timestamp, header, Now, Tolerance));
    }

    [Theory]
    [InlineData("gitlab-secret-token", true)]
    [InlineData("gitlab-secret-tokem", false)]
    [InlineData("gitlab-secret-token ", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void TokenMatches_OnlyTheExactToken(string? header, bool matches) =>
        Assert.Equal(matches, GitLabVerification.TokenMatches("gitlab-secret-token", header));
}
