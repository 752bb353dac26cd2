using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Observability.Sidecar.Endpoints;

/// <summary>
/// The stored id of a phase event. The WS-METRICS contract makes a phase's <c>event_id</c> unique per
/// <c>(ws_execution_id, event_id)</c>, not across runs, while the log's idempotency key is global; so the stored id is
/// the name-based UUID (RFC 9562 version 5) of the <c>event_id</c> in a namespace that is itself the version-5 UUID
/// of the run id in <see cref="Namespace"/>. Deterministic, so a retry is still a duplicate; distinct for two runs
/// that use the same <c>event_id</c>; 36 characters whatever the lengths of the two ids.
/// </summary>
internal static class PhaseEventId
{
    /// <summary>The namespace of run ids (fixed: changing it would make every retry of a stored phase new).</summary>
    public static readonly Guid Namespace = new("7e0c3f8a-52d1-4b6e-9a0f-3c1d2b4e5f60");

    /// <summary>The stored id of phase <paramref name="eventId"/> of run <paramref name="executionId"/>.</summary>
    public static string Of(string executionId, string eventId) => NameBased(NameBased(Namespace, executionId), eventId).ToString();

    [SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms", Justification = "RFC 9562 defines version-5 UUIDs on SHA-1; an id, not a secret.")]
    private static Guid NameBased(Guid space, string name)
    {
        var input = new byte[16 + Encoding.UTF8.GetByteCount(name)];
        space.TryWriteBytes(input, bigEndian: true, out _);
        Encoding.UTF8.GetBytes(name, input.AsSpan(16));
        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
        SHA1.HashData(input, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
