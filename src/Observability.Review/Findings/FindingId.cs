using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Observability.Review.Findings;

/// <summary>
/// The finding contract's deterministic id: <c>f-</c> and the first 8 bytes, as lowercase hex, of the SHA-256 of
/// <c>kind\nsubjectType\nsubject\noccurrence</c>. The occurrence counts earlier findings of the same kind and subject,
/// so one that closed and opens again gets a new id, and a run repeated (or retried after a crash) finds the same one.
/// </summary>
internal static class FindingId
{
    public static string Of(string kind, string subjectType, string subject, int occurrence)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{kind}\n{subjectType}\n{subject}\n{occurrence}");
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return "f-" + Convert.ToHexStringLower(hash[..8]);
    }

    /// <summary>The key of one subject of one kind: at most one finding per key is open.</summary>
    public static string Key(string kind, string subjectType, string subject) => $"{kind}\n{subjectType}\n{subject}";
}
