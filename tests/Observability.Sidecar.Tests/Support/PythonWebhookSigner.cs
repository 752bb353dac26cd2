using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Observability.Sidecar.Tests.Support;

/// <summary>One message for <see cref="PythonWebhookSigner"/>: the body as sent, its event id, and the attempt's timestamp.</summary>
internal sealed record SigningInput(string Secret, string MessageId, long Timestamp, string Body, string EventId);

/// <summary>What Python computed: the <c>webhook-signature</c> value and the message id derived from the event id.</summary>
internal sealed record SigningOutput(string Signature, string MessageId);

/// <summary>
/// An implementation of the Standard Webhooks signature independent of the product's: Debian's Python with its own
/// <c>hmac</c>, <c>hashlib</c> and <c>base64</c>, fed JSON lines on stdin. It also derives the message id the
/// sidecar documents (<c>msg_</c> and 32 hex digits of the SHA-256 of the event id).
/// </summary>
internal static class PythonWebhookSigner
{
    private const string Script = """
        import base64, hashlib, hmac, json, sys
        for line in sys.stdin:
            m = json.loads(line)
            key = base64.b64decode(m["secret"][len("whsec_"):])
            content = ("%s.%d." % (m["id"], m["ts"])).encode() + m["body"].encode("utf-8")
            signature = "v1," + base64.b64encode(hmac.new(key, content, hashlib.sha256).digest()).decode()
            message_id = "msg_" + hashlib.sha256(m["event_id"].encode("utf-8")).hexdigest()[:32]
            print(json.dumps({"signature": signature, "message_id": message_id}), flush=True)
        """;

    public static async Task<IReadOnlyList<SigningOutput>> SignAsync(IReadOnlyList<SigningInput> inputs)
    {
        var info = new ProcessStartInfo("/usr/bin/python3", ["-c", Script])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var python = Process.Start(info)!;
        var output = python.StandardOutput.ReadToEndAsync();
        var error = python.StandardError.ReadToEndAsync();
        foreach (var input in inputs)
        {
            var line = new JsonObject
            {
                ["secret"] = input.Secret, ["id"] = input.MessageId, ["ts"] = input.Timestamp, ["body"] = input.Body, ["event_id"] = input.EventId,
            };
            await python.StandardInput.WriteLineAsync(line.ToJsonString());
        }

        python.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await python.WaitForExitAsync(timeout.Token);
        Assert.True(python.ExitCode == 0, $"python3 failed: {await error}");
        var results = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Select(r => new SigningOutput(r.GetProperty("signature").GetString()!, r.GetProperty("message_id").GetString()!))
            .ToList();
        Assert.Equal(inputs.Count, results.Count);
        return results;
    }
}
