using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Observability.Sidecar.Webhooks;

/// <summary>
/// The Standard Webhooks symmetric scheme: <c>webhook-signature: v1,base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}"))</c>,
/// the key being the bytes a <c>whsec_</c> secret encodes in base64; and the message id a crossing is sent under.
/// </summary>
internal static class WebhookSignature
{
    /// <summary>The prefix of a Standard Webhooks symmetric secret.</summary>
    public const string SecretPrefix = "whsec_";

    private const int MinKeyBytes = 24;
    private const int MaxKeyBytes = 64;

    /// <summary>Reads a <c>whsec_</c> secret; <paramref name="problem"/> says what is wrong with it otherwise.</summary>
    public static bool TryParseSecret(string secret, [NotNullWhen(true)] out byte[]? key, [NotNullWhen(false)] out string? problem)
    {
        key = null;
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            problem = $"must start with '{SecretPrefix}' followed by the key in base64 (the Standard Webhooks secret format).";
            return false;
        }

        try
        {
            key = Convert.FromBase64String(secret[SecretPrefix.Length..]);
        }
        catch (FormatException)
        {
            problem = $"is not '{SecretPrefix}' followed by valid base64.";
            return false;
        }

        if (key.Length is < MinKeyBytes or > MaxKeyBytes)
        {
            problem = $"must encode {MinKeyBytes} to {MaxKeyBytes} bytes (Standard Webhooks), encodes {key.Length}.";
            key = null;
            return false;
        }

        problem = null;
        return true;
    }

    /// <summary>The <c>webhook-signature</c> value for one attempt.</summary>
    public static string Sign(byte[] key, string messageId, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{messageId}.{unixSeconds}."));
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }

    /// <summary>
    /// The id a crossing is sent under (<c>webhook-id</c> and <c>Idempotency-Key</c>): <c>msg_</c> and 32 hex digits of
    /// the SHA-256 of its event id, so the same on every attempt and after a restart. Not the event id itself: that
    /// holds client-chosen text (project, merge id) which may contain the <c>.</c> the signed content uses as its
    /// delimiter, or bytes a header cannot carry. The body carries the event id as it is.
    /// </summary>
    public static string MessageId(string eventId) =>
        "msg_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(eventId)).AsSpan(0, 16));
}
