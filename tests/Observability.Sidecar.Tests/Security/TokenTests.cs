using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests.Security;

/// <summary>Tokens as configured (hashes, files), named on what they write and in the audit log; /metrics' two ways in.</summary>
public sealed class TokenTests
{
    [Fact]
    public async Task Events_WrittenWithAToken_CarryItsNameAsSourceUnlessTheyNameOne()
    {
        using var directory = new TempDirectory("token-source");
        await using var sidecar = await SidecarProcess.StartAsync(new SidecarStart(directory.Combine("data")) { Arguments = TestTokens.Arguments([TestTokens.Ingest]) });
        var plain = TestEvents.Make(TestEvents.NewId("plain"), "chain:created", "CHAIN-SRC", TestEvents.T0);
        var named = TestEvents.Make(TestEvents.NewId("named"), "chain:created", "CHAIN-SRC", TestEvents.T0);
        named["source"] = "git-import";
        var empty = TestEvents.Make(TestEvents.NewId("ndjson"), "chain:created", "CHAIN-SRC", TestEvents.T0);

        var batch = await PostAsync(sidecar, TestEvents.Array([plain, named]), "application/json");
        var lines = await PostAsync(sidecar, TestEvents.Ndjson([empty]), "application/x-ndjson");

        Assert.True(batch.Status == HttpStatusCode.OK, batch.ToString());
        Assert.True(lines.Status == HttpStatusCode.OK, lines.ToString());
        await sidecar.StopAsync();
        var stored = string.Join('\n', Directory.GetFiles(Path.Combine(sidecar.DataDirectory, "events"), "*.log").Select(File.ReadAllText));
        Assert.Contains($"\"id\":\"{plain["id"]}\",", stored, StringComparison.Ordinal);
        Assert.Matches($"\"id\":\"{plain["id"]}\"[^\n]*\"source\":\"runner\"}}", stored);
        Assert.Matches($"\"id\":\"{empty["id"]}\"[^\n]*\"source\":\"runner\"}}", stored);
        var namedLine = stored.Split('\n').Single(l => l.Contains($"\"{named["id"]}\"", StringComparison.Ordinal));
        Assert.Contains("\"source\":\"git-import\"", namedLine, StringComparison.Ordinal);
        Assert.DoesNotContain("runner", namedLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_FromAFileWithATrailingNewline_IsAccepted()
    {
        using var directory = new TempDirectory("token-file");
        var file = directory.Combine("token");
        await File.WriteAllTextAsync(file, TestTokens.Read.Secret + "\n");
        await using var sidecar = await SidecarProcess.StartAsync(new SidecarStart(directory.Combine("data"))
        {
            Arguments = ["--Auth:Tokens:0:Name", "mounted", "--Auth:Tokens:0:Scopes:0", "read", "--Auth:Tokens:0:File", file],
        });

        var read = await sidecar.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri("api/v1/summary", UriKind.Relative)), TestTokens.Read);
        var anonymous = await sidecar.GetAsync("/api/v1/summary");

        Assert.True(read.Status == HttpStatusCode.OK, read.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
    }

    [Theory]
    [InlineData("--Auth:Tokens:0:Sha256", "abc", "Auth:Tokens:0:Sha256")]
    [InlineData("--Auth:Tokens:0:Scopes:0", "write", "Auth:Tokens:0:Scopes")]
    [InlineData("--Auth:Tokens:0:File", "/nonexistent/token", "Auth:Tokens:0")]
    public async Task Start_InvalidToken_ExitsNamingTheSetting(string setting, string value, string named)
    {
        using var directory = new TempDirectory("token-invalid");
        string[] arguments = setting switch
        {
            "--Auth:Tokens:0:Sha256" => ["--Auth:Tokens:0:Name", "x", "--Auth:Tokens:0:Scopes:0", "read", setting, value],
            "--Auth:Tokens:0:File" => ["--Auth:Tokens:0:Name", "x", "--Auth:Tokens:0:Scopes:0", "read", "--Auth:Tokens:0:Sha256", TestTokens.Read.Sha256, setting, value],
            _ => ["--Auth:Tokens:0:Name", "x", "--Auth:Tokens:0:Sha256", TestTokens.Read.Sha256, setting, value],
        };

        var (exitCode, output) = await SidecarProcess.RunToExitAsync(new SidecarStart(directory.Combine("data")) { Arguments = arguments }, TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, exitCode);
        Assert.Contains(named, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_TokenRequired_TakesBearerOrBasicAndChallengesWithBoth()
    {
        using var directory = new TempDirectory("token-metrics");
        var arguments = TestTokens.Arguments([TestTokens.Metrics, TestTokens.Read]);
        arguments.AddRange(["--Auth:RequireMetricsToken", "true"]);
        await using var sidecar = await SidecarProcess.StartAsync(new SidecarStart(directory.Combine("data")) { Arguments = arguments });

        var none = await sidecar.GetAsync("/metrics");
        var bearer = await sidecar.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri("metrics", UriKind.Relative)), TestTokens.Metrics);
        var basic = new HttpRequestMessage(HttpMethod.Get, new Uri("metrics", UriKind.Relative));
        basic.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"prometheus:{TestTokens.Metrics.Secret}")));
        var basicAnswer = await sidecar.SendAsync(basic);
        var reader = await sidecar.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri("metrics", UriKind.Relative)), TestTokens.Read);

        Assert.Equal(HttpStatusCode.Unauthorized, none.Status);
        Assert.Equal(["Bearer", "Basic"], none.Headers.WwwAuthenticate.Select(h => h.Scheme));
        Assert.True(bearer.Status == HttpStatusCode.OK, bearer.ToString());
        Assert.True(basicAnswer.Status == HttpStatusCode.OK, basicAnswer.ToString());
        Assert.Equal(HttpStatusCode.Forbidden, reader.Status);
    }

    [Fact]
    public async Task Metrics_ByDefault_IsOpenEvenWithTokensConfigured()
    {
        using var directory = new TempDirectory("token-metrics-open");
        await using var sidecar = await SidecarProcess.StartAsync(new SidecarStart(directory.Combine("data")) { Arguments = TestTokens.Arguments([TestTokens.Read]) });

        var none = await sidecar.GetAsync("/metrics");
        var reader = await sidecar.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri("metrics", UriKind.Relative)), TestTokens.Read);

        Assert.Equal(HttpStatusCode.OK, none.Status);
        Assert.Equal(HttpStatusCode.OK, reader.Status);
    }

    [Fact]
    public async Task AuditLog_RefusedCredentialsAndAdminActions_AreLoggedWithoutTheCredential()
    {
        using var directory = new TempDirectory("token-audit");
        await using var sidecar = await SidecarProcess.StartAsync(new SidecarStart(directory.Combine("data")) { Arguments = TestTokens.Arguments([TestTokens.Admin, TestTokens.Read]) });
        const string WrongSecret = "wrong-secret-that-must-not-be-logged";

        var wrong = await sidecar.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri("api/v1/summary", UriKind.Relative)), new TestToken("x", WrongSecret));
        var forbidden = await sidecar.SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri("api/v1/review", UriKind.Relative)), TestTokens.Read);
        var admin = await sidecar.SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri("api/v1/review", UriKind.Relative)), TestTokens.Admin);

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.Status);
        Assert.Contains("invalid_token", wrong.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.Status);
        Assert.True(admin.Status == HttpStatusCode.OK, admin.ToString());
        await sidecar.StopAsync();
        Assert.Contains("Audit: refused credential (unknown bearer token) from 127.0.0.1 for GET /api/v1/summary", sidecar.Output, StringComparison.Ordinal);
        Assert.Contains("Audit: token dashboard lacks scope admin; refused POST /api/v1/review", sidecar.Output, StringComparison.Ordinal);
        Assert.Contains("Audit: admin action POST /api/v1/review by operator from 127.0.0.1 answered 200", sidecar.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongSecret, sidecar.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(TestTokens.Admin.Secret, sidecar.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", sidecar.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answers_EveryOne_SayNosniffAndNameNoServer()
    {
        using var directory = new TempDirectory("token-headers");
        await using var sidecar = await SidecarProcess.StartAsync(directory.Combine("data"));

        foreach (var path in new[] { "/health", "/metrics", "/api/v1/summary", "/no-such-path" })
        {
            var answer = await sidecar.GetAsync(path);
            Assert.Equal(["nosniff"], answer.Headers.GetValues("X-Content-Type-Options"));
            Assert.False(answer.Headers.Contains("Server"), $"{path} names a server: {answer.Headers.Server}");
        }
    }

    private static Task<SidecarResponse> PostAsync(SidecarProcess sidecar, string body, string contentType) =>
        sidecar.SendAsync(
            new HttpRequestMessage(HttpMethod.Post, new Uri("api/v1/events", UriKind.Relative)) { Content = new StringContent(body, Encoding.UTF8, contentType) },
            TestTokens.Ingest);
}
