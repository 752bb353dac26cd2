using System.Security.Cryptography;

namespace Observability.Sidecar.SourceWebhooks;

/// <summary>
/// GitHub's <c>X-Hub-Signature-256</c>: <c>sha256=</c> and the lowercase hex HMAC-SHA256 of the raw body, keyed with
/// the webhook secret's UTF-8 bytes.
/// </summary>
internal static class GitHubSignature
{
    private const string Prefix = "sha256=";

    /// <summary>The header value GitHub sends for <paramref name="body"/>.</summary>
    public static string Compute(byte[] key, ReadOnlySpan<byte> body) => Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(key, body));

    /// <summary>
    /// Whether <paramref name="header"/> is the signature of <paramref name="body"/>. The digests are compared in
    /// constant time, so the answer's timing does not tell an attacker how many leading bytes were right.
    /// </summary>
    public static bool Verify(byte[] key, ReadOnlySpan<byte> body, string? header)
    {
        if (header is null || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || header.Length != Prefix.Length + 64)
        {
            return false;
        }

        Span<byte> given = stackalloc byte[32];
        if (Convert.FromHexString(header.AsSpan(Prefix.Length), given, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[32];
        HMACSHA256.HashData(key, body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
