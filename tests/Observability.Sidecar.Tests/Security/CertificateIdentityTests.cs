using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests.Security;

/// <summary>
/// Client certificates as callers (<c>Auth:Certificates</c>): known ones write and read with their name and scopes over
/// real mutual TLS; unknown, untrusted or self-signed ones are 401; a token still works and decides over the connection's
/// certificate; a certificate has its own request rate; bad entries stop the sidecar at start.
/// </summary>
public sealed class CertificateIdentityTests
{
    [Fact]
    public async Task ClientCertificate_Configured_WritesWithItsNameAsSourceWithoutAToken()
    {
        await using var setup = await CertificateSetup.StartAsync("cert-known");

        var post = await setup.SendAsync(setup.Writer, PostEvent("cert-known", out var id));
        var read = await setup.SendAsync(setup.Reader, Get("api/v1/summary"));

        Assert.True(post.Status == HttpStatusCode.OK, post.ToString());
        Assert.True(read.Status == HttpStatusCode.OK, read.ToString());
        await setup.Sidecar.StopAsync();
        var stored = string.Join('\n', Directory.GetFiles(Path.Combine(setup.Sidecar.DataDirectory, "events"), "*.log").Select(File.ReadAllText));
        Assert.Matches($"\"id\":\"{id}\"[^\n]*\"source\":\"ci-runner\"}}", stored);
    }

    [Fact]
    public async Task ClientCertificate_UnknownUntrustedOrSelfSigned_Is401AndAudited()
    {
        await using var setup = await CertificateSetup.StartAsync("cert-refused");
        using var otherAuthority = TestCertificates.Authority("agentobs-other-ca");
        using var unknown = TestCertificates.Client("stranger", setup.Authority);
        using var untrusted = TestCertificates.Client("ci-runner", otherAuthority);
        using var selfSigned = TestCertificates.Client("ci-runner", null);

        var answers = new List<(string Case, SidecarResponse Answer)>();
        foreach (var (name, certificate) in new[] { ("unknown", unknown), ("untrusted", untrusted), ("self-signed", selfSigned), ("none", (X509Certificate2?)null) })
        {
            answers.Add((name, await setup.SendAsync(certificate, PostEvent("cert-refused", out _))));
        }

        Assert.All(answers, a =>
        {
            Assert.True(a.Answer.Status == HttpStatusCode.Unauthorized, $"{a.Case}: {a.Answer}");
            Assert.Equal("application/problem+json", a.Answer.ContentType);
            Assert.StartsWith("Bearer realm=\"agentobs\"", a.Answer.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        });
        Assert.All(answers.Take(3), a =>
        {
            Assert.Contains("client certificate refused", a.Answer.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("invalid_token", a.Answer.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        });
        Assert.Contains("client certificate configured in Auth:Certificates", answers[3].Answer.Body, StringComparison.Ordinal);
        await setup.Sidecar.AssertOutputContainsAsync($"Audit: refused client certificate CN=stranger (SHA-256 {unknown.GetCertHashString(HashAlgorithmName.SHA256)})");
        await setup.Sidecar.AssertOutputContainsAsync("Audit: refused client certificate CN=ci-runner");
        Assert.DoesNotContain("   at ", setup.Sidecar.Output, StringComparison.Ordinal);
        await setup.Sidecar.AssertStillServingAsync();
    }

    [Fact]
    public async Task ClientCertificate_WithoutTheScope_Is403NamingTheScope()
    {
        await using var setup = await CertificateSetup.StartAsync("cert-scope");

        var post = await setup.SendAsync(setup.Reader, PostEvent("cert-scope", out _));
        var admin = await setup.SendAsync(setup.Writer, new HttpRequestMessage(HttpMethod.Post, new Uri("api/v1/admin/refresh", UriKind.Relative)));

        Assert.True(post.Status == HttpStatusCode.Forbidden, post.ToString());
        Assert.Equal("ingest", post.Json.GetProperty("scope").GetString());
        Assert.StartsWith("Client certificate 'dashboard' does not carry scope 'ingest'", post.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(admin.Status == HttpStatusCode.Forbidden, admin.ToString());
        Assert.Equal("admin", admin.Json.GetProperty("scope").GetString());
        await setup.Sidecar.AssertOutputContainsAsync("Audit: client certificate dashboard lacks scope ingest");
    }

    [Fact]
    public async Task ClientCertificateAndToken_TheTokenDecides()
    {
        await using var setup = await CertificateSetup.StartAsync("cert-token", TestTokens.Ingest);

        // A read-only certificate with an ingest token writes as the token; a writing certificate with a wrong token is
        // refused (never the certificate's identity instead); a token alone works over the same HTTPS without a certificate.
        var withToken = await setup.SendAsync(setup.Reader, PostEvent("cert-token", out var id), TestTokens.Ingest.Bearer);
        var wrongToken = await setup.SendAsync(setup.Writer, PostEvent("cert-token", out _), new AuthenticationHeaderValue("Bearer", "not-a-token"));
        var tokenOnly = await setup.SendAsync(null, PostEvent("cert-token", out _), TestTokens.Ingest.Bearer);

        Assert.True(withToken.Status == HttpStatusCode.OK, withToken.ToString());
        Assert.True(wrongToken.Status == HttpStatusCode.Unauthorized, wrongToken.ToString());
        Assert.Contains("error=\"invalid_token\"", wrongToken.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.True(tokenOnly.Status == HttpStatusCode.OK, tokenOnly.ToString());
        await setup.Sidecar.StopAsync();
        var stored = string.Join('\n', Directory.GetFiles(Path.Combine(setup.Sidecar.DataDirectory, "events"), "*.log").Select(File.ReadAllText));
        Assert.Matches($"\"id\":\"{id}\"[^\n]*\"source\":\"runner\"}}", stored);
    }

    [Fact]
    public async Task ClientCertificate_OverItsRequestsPerSecond_Answers429CountedUnderItsName()
    {
        await using var setup = await CertificateSetup.StartAsync("cert-rate", null, ["--Auth:Certificates:1:RequestsPerSecond", "1", "--Limits:Burst", "2"]);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            statuses.Add((await setup.SendAsync(setup.Reader, Get("api/v1/summary"))).Status);
        }

        var writer = await setup.SendAsync(setup.Writer, PostEvent("cert-rate", out _));
        var limited = statuses.Count(s => s == HttpStatusCode.TooManyRequests);
        Assert.True(limited > 0, string.Join(", ", statuses));
        Assert.True(writer.Status == HttpStatusCode.OK, $"another certificate has its own bucket: {writer}");
        var metrics = await setup.Sidecar.ScrapeAsync();
        Assert.Equal(limited, metrics.Value("agentobs_rate_limited_requests_total", "token", "dashboard"));
        Assert.Equal(0, metrics.Value("agentobs_rate_limited_requests_total", "token", "ci-runner"));
    }

    [Theory]
    [InlineData("neither", "Auth:Certificates:0: give a Thumbprint")]
    [InlineData("thumbprint", "Auth:Certificates:0:Thumbprint must be")]
    [InlineData("authority", "Auth:Certificates needs Tls:ClientCertificateAuthorityFile")]
    [InlineData("name", "Auth:Certificates:0:Name 'runner' is used by another token or certificate")]
    public async Task Start_InvalidCertificateEntry_ExitsNamingTheSetting(string fault, string message)
    {
        using var directory = new TempDirectory("cert-invalid");
        var caFile = directory.Combine("ca.pem");
        using (var authority = TestCertificates.Authority("agentobs-invalid-ca"))
        {
            await File.WriteAllTextAsync(caFile, authority.ExportCertificatePem());
        }

        var arguments = TestTokens.Arguments([TestTokens.Ingest]);
        arguments.AddRange(["--Auth:Certificates:0:Name", fault == "name" ? "runner" : "ci", "--Auth:Certificates:0:Scopes:0", "ingest"]);
        arguments.AddRange(fault switch
        {
            "neither" => [],
            "thumbprint" => ["--Auth:Certificates:0:Thumbprint", "AB:CD"],
            _ => ["--Auth:Certificates:0:Subject", "CN=ci"],
        });
        if (fault != "authority")
        {
            arguments.AddRange(["--Tls:ClientCertificateAuthorityFile", caFile]);
        }

        var (exitCode, output) = await SidecarProcess.RunToExitAsync(
            new SidecarStart(directory.Combine("data")) { Arguments = arguments, WaitUntilReady = false }, TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, exitCode);
        Assert.Contains(message, output, StringComparison.Ordinal);
    }

    private static HttpRequestMessage Get(string path) => new(HttpMethod.Get, new Uri(path, UriKind.Relative));

    private static HttpRequestMessage PostEvent(string prefix, out string id)
    {
        id = TestEvents.NewId(prefix);
        var body = TestEvents.Array([TestEvents.Make(id, "chain:created", "CHAIN-CERT", TestEvents.T0)]);
        return new HttpRequestMessage(HttpMethod.Post, new Uri("api/v1/events", UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
    }

    /// <summary>
    /// A sidecar over HTTPS with an authority and two certificate callers: <c>ci-runner</c> (ingest, by subject) and
    /// <c>dashboard</c> (read, by thumbprint); loopback is not trusted, since callers are configured.
    /// </summary>
    private sealed class CertificateSetup : IAsyncDisposable
    {
        private readonly TempDirectory _directory;
        private readonly X509Certificate2 _server;
        private readonly SidecarStart _start;

        private CertificateSetup(TempDirectory directory, X509Certificate2 server, X509Certificate2 authority, X509Certificate2 writer, X509Certificate2 reader, SidecarStart start)
        {
            _directory = directory;
            _server = server;
            Authority = authority;
            Writer = writer;
            Reader = reader;
            _start = start;
        }

        public X509Certificate2 Authority { get; }

        public X509Certificate2 Writer { get; }

        public X509Certificate2 Reader { get; }

        public SidecarProcess Sidecar { get; private set; } = null!;

        public static async Task<CertificateSetup> StartAsync(string name, TestToken? token = null, IReadOnlyList<string>? extra = null)
        {
            var directory = new TempDirectory(name);
            var server = TestCertificates.Server("agentobs-cert-identity");
            var authority = TestCertificates.Authority("agentobs-callers-ca");
            var writer = TestCertificates.Client("ci-runner", authority);
            var reader = TestCertificates.Client("dashboard", authority);
            var (certificate, key) = TestCertificates.WritePem(server, directory.Path, "server");
            var caFile = directory.Combine("ca.pem");
            await File.WriteAllTextAsync(caFile, authority.ExportCertificatePem());
            var arguments = new List<string>
            {
                "--Kestrel:Certificates:Default:Path", certificate, "--Kestrel:Certificates:Default:KeyPath", key,
                "--Tls:ClientCertificateAuthorityFile", caFile,
                "--Auth:Certificates:0:Name", "ci-runner", "--Auth:Certificates:0:Subject", "CN=ci-runner", "--Auth:Certificates:0:Scopes:0", "ingest",
                "--Auth:Certificates:1:Name", "dashboard", "--Auth:Certificates:1:Scopes:0", "read",
                "--Auth:Certificates:1:Thumbprint", Colons(reader.GetCertHashString(HashAlgorithmName.SHA256)),
            };
            if (token is not null)
            {
                arguments.AddRange(TestTokens.Arguments([token]));
            }

            arguments.AddRange(extra ?? []);
            var start = new SidecarStart(directory.Combine("data")) { ServerCertificate = server, ClientCertificate = writer, Arguments = arguments };
            var setup = new CertificateSetup(directory, server, authority, writer, reader, start);
            try
            {
                setup.Sidecar = await SidecarProcess.StartAsync(start);
                return setup;
            }
            catch
            {
                await setup.DisposeAsync();
                throw;
            }
        }

        /// <summary>Sends <paramref name="request"/> on a new connection showing <paramref name="certificate"/> (none when null).</summary>
        public async Task<SidecarResponse> SendAsync(X509Certificate2? certificate, HttpRequestMessage request, AuthenticationHeaderValue? authorization = null)
        {
            using (request)
            {
                using var http = new HttpClient(SidecarProcess.Handler(_start with { ClientCertificate = certificate })) { BaseAddress = Sidecar.BaseAddress };
                request.Headers.Authorization = authorization;
                using var response = await http.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                return new SidecarResponse(response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, response.Headers, response.Content.Headers);
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (Sidecar is not null)
            {
                await Sidecar.DisposeAsync();
            }

            foreach (var certificate in new[] { _server, Authority, Writer, Reader })
            {
                certificate.Dispose();
            }

            _directory.Dispose();
        }

        // As openssl prints a fingerprint, to show that form reads.
        private static string Colons(string hex) =>
            string.Join(':', Enumerable.Range(0, hex.Length / 2).Select(i => hex.Substring(2 * i, 2))).ToLower(CultureInfo.InvariantCulture);
    }
}
