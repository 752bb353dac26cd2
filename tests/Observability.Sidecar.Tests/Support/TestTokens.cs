using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Observability.Sidecar.Tests.Support;

/// <summary>A token for tests: its name, its secret, its scopes.</summary>
internal sealed record TestToken(string Name, string Secret, params string[] Scopes)
{
    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Secret)));

    public AuthenticationHeaderValue Bearer => new("Bearer", Secret);
}

/// <summary>The tokens most security tests configure: one per scope, and one with every scope.</summary>
internal static class TestTokens
{
    public static readonly TestToken Ingest = new("runner", "ingest-" + Guid.NewGuid().ToString("N"), "ingest");
    public static readonly TestToken Read = new("dashboard", "read-" + Guid.NewGuid().ToString("N"), "read");
    public static readonly TestToken Admin = new("operator", "admin-" + Guid.NewGuid().ToString("N"), "admin");
    public static readonly TestToken Metrics = new("prometheus", "metrics-" + Guid.NewGuid().ToString("N"), "metrics");
    public static readonly TestToken All = new("everything", "all-" + Guid.NewGuid().ToString("N"), "ingest", "read", "admin", "metrics");

    public static readonly IReadOnlyList<TestToken> Each = [Ingest, Read, Admin, Metrics, All];

    /// <summary>Command-line settings configuring <paramref name="tokens"/> by their hashes.</summary>
    public static List<string> Arguments(IEnumerable<TestToken> tokens)
    {
        var arguments = new List<string>();
        var i = 0;
        foreach (var token in tokens)
        {
            var at = $"--Auth:Tokens:{i.ToString(CultureInfo.InvariantCulture)}";
            arguments.AddRange([$"{at}:Name", token.Name, $"{at}:Sha256", token.Sha256]);
            for (var s = 0; s < token.Scopes.Length; s++)
            {
                arguments.AddRange([$"{at}:Scopes:{s.ToString(CultureInfo.InvariantCulture)}", token.Scopes[s]]);
            }

            i++;
        }

        return arguments;
    }

    /// <summary>Sends <paramref name="request"/> with <paramref name="token"/> (none when null).</summary>
    public static Task<SidecarResponse> SendAsync(this SidecarProcess sidecar, HttpRequestMessage request, TestToken? token)
    {
        if (token is not null)
        {
            request.Headers.Authorization = token.Bearer;
        }

        return sidecar.SendAsync(request);
    }
}
