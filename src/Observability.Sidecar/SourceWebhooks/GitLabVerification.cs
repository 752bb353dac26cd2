using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Observability.Sidecar.Webhooks;

namespace Observability.Sidecar.SourceWebhooks;

/// <summary>
/// GitLab's two ways of proving a delivery: the secret token echoed in <c>X-Gitlab-Token</c>, and the signing token's
/// Standard Webhooks signature (<c>webhook-signature: v1,base64(HMAC-SHA256(key, "{webhook-id}.{webhook-timestamp}.{body}"))</c>,
/// space-separated when there are several) with a timestamp inside the tolerance, so a captured delivery cannot be
/// replayed later. Every comparison is constant time.
/// </summary>
internal static class GitLabVerification
{
    /// <summary>
    /// Whether <paramref name="header"/> is the configured token. The digests are compared, not the texts, so the time
    /// taken tells nothing about the token's length either.
    /// </summary>
    public static bool TokenMatches(string token, string? header) =>
        header is not null && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(token)), SHA256.HashData(Encoding.UTF8.GetBytes(header)));

    /// <summary>Why the signature does not hold, or null when it does.</summary>
    public static string? SignatureProblem(
        byte[] key, ReadOnlySpan<byte> body, string? messageId, string? timestamp, string? signatures, DateTimeOffset now, TimeSpan tolerance)
    {
        if (string.IsNullOrEmpty(messageId) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signatures))
        {
            return "webhook-id, webhook-timestamp and webhook-signature are required when GitLab:SigningToken is set";
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(now.ToUnixTimeSeconds() - seconds) > tolerance.TotalSeconds)
        {
            return "webhook-timestamp is not a Unix time within GitLab:SignatureToleranceSeconds of now";
        }

        var expected = Convert.FromBase64String(WebhookSignature.Sign(key, messageId, seconds, body)["v1,".Length..]);
        foreach (var candidate in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!candidate.StartsWith("v1,", StringComparison.Ordinal))
            {
                continue;
            }

            var given = new byte[32];
            if (Convert.TryFromBase64String(candidate[3..], given, out var written) && written == 32
                && CryptographicOperations.FixedTimeEquals(expected, given))
            {
                return null;
            }
        }

        return "webhook-signature does not match the body";
    }
}
