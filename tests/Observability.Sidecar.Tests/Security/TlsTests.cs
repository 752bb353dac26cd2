using System.Net;
using System.Security.Cryptography.X509Certificates;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests.Security;

/// <summary>HTTPS from Kestrel's configuration with certificates the test makes: plain, reloaded, mutual, expired.</summary>
public sealed class TlsTests
{
    [Fact]
    public async Task Https_PemCertificateInKestrelsSettings_ServesEventsAndLogsTheCertificate()
    {
        using var directory = new TempDirectory("tls-plain");
        using var server = TestCertificates.Server("agentobs-tls-test");
        var (certificate, key) = TestCertificates.WritePem(server, directory.Path, "server");

        await using var sidecar = await SidecarProcess.StartAsync(new SidecarStart(directory.Combine("data"))
        {
            ServerCertificate = server,
            Arguments = ["--Kestrel:Certificates:Default:Path", certificate, "--Kestrel:Certificates:Default:KeyPath", key],
        });
        var post = await sidecar.PostEventsAsync(TestEvents.Make(TestEvents.NewId("tls"), "chain:created", "CHAIN-TLS", TestEvents.T0));

        Assert.Equal("https", sidecar.BaseAddress.Scheme);
        Assert.True(post.Status == HttpStatusCode.OK, post.ToString());
        await sidecar.AssertOutputContainsAsync("Serving HTTPS with the certificate CN=agentobs-tls-test");
    }

    [Fact]
    public async Task Https_CertificateFilesReplaced_NewConnectionsGetTheNewCertificate()
    {
        using var directory = new TempDirectory("tls-reload");
        using var first = TestCertificates.Server("agentobs-first");
        using var second = TestCertificates.Server("agentobs-second");
        var (certificate, key) = TestCertificates.WritePem(first, directory.Path, "server");
        await using var sidecar = await SidecarProcess.StartAsync(new SidecarStart(directory.Combine("data"))
        {
            ServerCertificate = first,
            Arguments = ["--Kestrel:Certificates:Default:Path", certificate, "--Kestrel:Certificates:Default:KeyPath", key],
        });
        Assert.Equal(first.GetCertHashString(), await ServedCertificateAsync(sidecar.BaseAddress));

        TestCertificates.WritePem(second, directory.Path, "server");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        var served = string.Empty;
        while (DateTime.UtcNow < deadline && served != second.GetCertHashString())
        {
            await Task.Delay(250);
            served = await ServedCertificateAsync(sidecar.BaseAddress);
        }

        Assert.True(served == second.GetCertHashString(), $"still served {served} 20 s after the files changed. Output:\n{sidecar.Output}");
    }

    [Fact]
    public async Task Mtls_ClientCertificateOfTheAuthority_IsServedAndAWrongOneOrNoneIsRefused()
    {
        using var directory = new TempDirectory("tls-mutual");
        using var server = TestCertificates.Server("agentobs-mtls");
        using var authority = TestCertificates.Authority("agentobs-test-ca");
        using var good = TestCertificates.Client("runner", authority);
        using var wrong = TestCertificates.Client("stranger", null);
        var (certificate, key) = TestCertificates.WritePem(server, directory.Path, "server");
        var caFile = directory.Combine("ca.pem");
        await File.WriteAllTextAsync(caFile, authority.ExportCertificatePem());
        var start = new SidecarStart(directory.Combine("data"))
        {
            ServerCertificate = server,
            ClientCertificate = good,
            Arguments =
            [
                "--Kestrel:Certificates:Default:Path", certificate, "--Kestrel:Certificates:Default:KeyPath", key,
                "--Tls:ClientCertificateAuthorityFile", caFile,
            ],
        };
        await using var sidecar = await SidecarProcess.StartAsync(start);

        var post = await sidecar.PostEventsAsync(TestEvents.Make(TestEvents.NewId("mtls"), "chain:created", "CHAIN-MTLS", TestEvents.T0));
        Assert.True(post.Status == HttpStatusCode.OK, post.ToString());
        foreach (var client in new[] { wrong, null })
        {
            using var http = new HttpClient(SidecarProcess.Handler(start with { ClientCertificate = client })) { BaseAddress = sidecar.BaseAddress };
            var refused = await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.GetAsync(new Uri("health", UriKind.Relative)));
            Assert.NotNull(refused);
        }

        await sidecar.AssertStillServingAsync();
    }

    [Fact]
    public async Task Https_ExpiredServerCertificate_IsLoggedAtStart()
    {
        using var directory = new TempDirectory("tls-expired");
        using var expired = TestCertificates.Server("agentobs-expired", DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(-1));
        var (certificate, key) = TestCertificates.WritePem(expired, directory.Path, "server");

        await using var sidecar = await SidecarProcess.StartAsync(new SidecarStart(directory.Combine("data"))
        {
            ServerCertificate = expired,
            Arguments = ["--Kestrel:Certificates:Default:Path", certificate, "--Kestrel:Certificates:Default:KeyPath", key],
        });

        await sidecar.AssertOutputContainsAsync("The server certificate CN=agentobs-expired in ");
        Assert.Matches("The server certificate CN=agentobs-expired in .*server.pem expired at", sidecar.Output);
        Assert.DoesNotContain("   at ", sidecar.Output, StringComparison.Ordinal);
    }

    // The thumbprint of the certificate a new connection is shown.
    private static async Task<string> ServedCertificateAsync(Uri address)
    {
        var served = string.Empty;
        using var handler = new SocketsHttpHandler { UseProxy = false };
        // Records what is shown and trusts it only when it is a certificate this test made for loopback.
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            served = certificate?.GetCertHashString() ?? string.Empty;
            return certificate?.Subject.StartsWith("CN=agentobs-", StringComparison.Ordinal) == true;
        };
        using var http = new HttpClient(handler);
        using var response = await http.GetAsync(new Uri(address, "health"));
        return served;
    }
}
