using System.Text;
using Observability.Sidecar.Tests.Support;
using Observability.Sidecar.Webhooks;

namespace Observability.Sidecar.Tests.Webhooks;

public sealed class WebhookSignatureTests
{
    // The Standard Webhooks reference libraries' published vector (libraries/*/tests: "sign works").
    private const string SpecSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    [Fact]
    public void Sign_StandardWebhooksTestVector_MatchesThePublishedSignature()
    {
        Assert.True(WebhookSignature.TryParseSecret(SpecSecret, out var key, out _));

        var signature = WebhookSignature.Sign(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}"u8);

        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    [Fact]
    public async Task Sign_VariedMessages_AgreesWithPythonsHmac()
    {
        var secrets = new[] { SpecSecret, "whsec_" + Convert.ToBase64String(Enumerable.Range(0, 64).Select(i => (byte)(255 - i)).ToArray()) };
        var bodies = new[] { "{}", "{\"event_id\":\"crossing:trust:_global:m-1\",\"value\":0.68}", "{\"project\":\"\\u00e9t\\u00e9\\n\"}", new string('x', 5000) };
        var eventIds = new[] { "crossing:trust:_global:m-1", "crossing:scope:été.v2:m-2", "a\nb" };
        var inputs = (from secret in secrets
                      from body in bodies
                      from eventId in eventIds
                      select new SigningInput(secret, WebhookSignature.MessageId(eventId), 1_700_000_000 + body.Length, body, eventId)).ToList();

        var python = await PythonWebhookSigner.SignAsync(inputs);

        for (var i = 0; i < inputs.Count; i++)
        {
            Assert.True(WebhookSignature.TryParseSecret(inputs[i].Secret, out var key, out _));
            Assert.Equal(python[i].Signature, WebhookSignature.Sign(key, inputs[i].MessageId, inputs[i].Timestamp, Encoding.UTF8.GetBytes(inputs[i].Body)));
            Assert.Equal(python[i].MessageId, inputs[i].MessageId);
        }
    }

    [Theory]
    [InlineData("crossing:trust:_global:m-1")]
    [InlineData("crossing:scope:a.b.c:merge.7")]
    [InlineData("crossing:trust:evil\nline\u001b[31m:m-9")]
    public void MessageId_AnyEventId_IsStableAsciiWithoutDots(string eventId)
    {
        var id = WebhookSignature.MessageId(eventId);

        Assert.Equal(id, WebhookSignature.MessageId(eventId));
        Assert.Matches("^msg_[0-9a-f]{32}$", id);
        Assert.NotEqual(id, WebhookSignature.MessageId(eventId + "x"));
    }

    [Theory]
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "must start with 'whsec_'")]
    [InlineData("whsec_not base64!", "valid base64")]
    [InlineData("whsec_c2hvcnQ=", "must encode 24 to 64 bytes")]
    public void TryParseSecret_NotAStandardWebhooksSecret_SaysWhy(string secret, string problem)
    {
        Assert.False(WebhookSignature.TryParseSecret(secret, out var key, out var why));
        Assert.Null(key);
        Assert.Contains(problem, why, StringComparison.Ordinal);
    }
}
