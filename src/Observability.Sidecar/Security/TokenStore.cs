using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Observability.Sidecar.Security;

/// <summary>A configured token, known by its name.</summary>
internal sealed record TokenIdentity(string Name, FrozenSet<string> Scopes, int? RequestsPerSecond)
{
    /// <summary>The token's own events per second; null takes <c>Limits:EventsPerSecond</c>.</summary>
    public int? EventsPerSecond { get; init; }

    /// <summary>The token's own daily event quota; null takes <c>Limits:EventsPerDay</c>.</summary>
    public long? EventsPerDay { get; init; }
}

/// <summary>
/// The configured tokens, kept only as SHA-256 hashes: a token is looked up by the hash of what the caller sent, so the
/// sidecar never holds a token, and a lookup compares hashes, not secrets (no timing to learn a token from).
/// </summary>
internal sealed class TokenStore
{
    private readonly FrozenDictionary<string, TokenIdentity> _byHash;
    private readonly List<string> _names = [];

    public TokenStore(IOptions<AuthOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var byHash = new Dictionary<string, TokenIdentity>(StringComparer.Ordinal);
        foreach (var token in options.Value.Tokens)
        {
            var hash = token.Sha256 is { Length: > 0 } given ? given.Trim().ToLowerInvariant() : HashOf(ReadTokenFile(token));
            byHash[hash] = new TokenIdentity(token.Name, token.Scopes.Select(s => s.Trim().ToLowerInvariant()).ToFrozenSet(StringComparer.Ordinal), token.RequestsPerSecond)
            {
                EventsPerSecond = token.EventsPerSecond,
                EventsPerDay = token.EventsPerDay,
            };
            _names.Add(token.Name);
        }

        _byHash = byHash.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>No token is configured: the loopback default applies.</summary>
    public bool IsEmpty => _byHash.Count == 0;

    public int Count => _byHash.Count;

    /// <summary>The configured tokens' names, in configuration order.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>The identity named <paramref name="name"/>, or null.</summary>
    public TokenIdentity? Named(string name) => _byHash.Values.FirstOrDefault(t => t.Name == name);

    /// <summary>The token's identity, or null for a token that is not configured.</summary>
    public TokenIdentity? Find(ReadOnlySpan<char> token) => _byHash.GetValueOrDefault(HashOf(token));

    /// <summary>Lower-case hex SHA-256 of the token's UTF-8 bytes, as <c>sha256sum</c> prints it.</summary>
    public static string HashOf(ReadOnlySpan<char> token)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        if (token.Length <= 128)
        {
            Span<byte> utf8 = stackalloc byte[128 * 3];
            SHA256.HashData(utf8[..Encoding.UTF8.GetBytes(token, utf8)], hash);
        }
        else
        {
            SHA256.HashData(Encoding.UTF8.GetBytes(token.ToArray()), hash);
        }

        return Convert.ToHexStringLower(hash);
    }

    // A mounted secret usually ends with a newline the token does not have.
    private static string ReadTokenFile(TokenOptions token) => File.ReadAllText(token.File!).Trim();
}
