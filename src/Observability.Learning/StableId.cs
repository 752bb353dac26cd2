using System.Security.Cryptography;
using System.Text;

namespace Observability.Learning;

/// <summary>Deterministic ids: a prefix and the first bytes of the SHA-256 of the parts joined by newlines.</summary>
internal static class StableId
{
    public static string Of(string prefix, int bytes, params ReadOnlySpan<string> parts)
    {
        var text = string.Join('\n', parts.ToArray());
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return prefix + Convert.ToHexStringLower(hash[..bytes]);
    }
}
