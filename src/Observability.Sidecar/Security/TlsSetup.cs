using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Security;

/// <summary>
/// HTTPS beyond Kestrel's configuration: mutual TLS against one configured authority, and a look at the configured
/// server certificates at start, so that an expired one is logged before clients fail on it.
/// </summary>
internal static class TlsSetup
{
    public static IServiceCollection AddSidecarTls(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TlsOptions>().Bind(configuration.GetSection(TlsOptions.Section));
        var options = configuration.GetSection(TlsOptions.Section).Get<TlsOptions>() ?? new TlsOptions();
        var authority = options.ClientCertificateAuthorityFile is { Length: > 0 } caFile ? X509CertificateLoader.LoadCertificateFromFile(caFile) : null;
        var certificateIdentities = configuration.GetSection($"{AuthOptions.Section}:Certificates").GetChildren().Any();

        // Kestrel reads its default certificate once; this selector serves it and reads it again when the files change.
        var defaults = configuration.GetSection("Kestrel:Certificates:Default");
        if (defaults["Path"] is { Length: > 0 } path)
        {
            services.AddSingleton(provider => new ReloadingCertificate(
                path, defaults["KeyPath"], defaults["Password"], provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ReloadingCertificate).FullName!)));
        }

        // One ConfigureHttpsDefaults: a second call would replace the first.
        services.AddOptions<KestrelServerOptions>().Configure<IServiceProvider>((kestrel, provider) => kestrel.ConfigureHttpsDefaults(https =>
        {
            if (provider.GetService<ReloadingCertificate>() is { } certificate)
            {
                https.ServerCertificateSelector = (_, _) => certificate.Current;
            }

            if (authority is not null && certificateIdentities)
            {
                // Certificates are callers: one is asked for but not required (a token caller needs none), and the
                // certificate authentication handler checks its chain, so an untrusted one is a 401 naming why rather
                // than a handshake that fails without a word.
                https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                https.ClientCertificateValidation = (_, _, _) => true;
            }
            else if (authority is not null)
            {
                https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                https.ClientCertificateValidation = (client, _, _) => ChainsTo(client, authority);
            }
        }));

        services.AddHostedService<ServerCertificateCheck>();
        return services;
    }

    /// <summary>Whether <paramref name="certificate"/> chains to <paramref name="authority"/> alone, and is valid now.</summary>
    public static bool ChainsTo(X509Certificate2 certificate, X509Certificate2 authority)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.2"));
        return chain.Build(certificate);
    }

    /// <summary>Logs each configured server certificate's expiry at start; an expired or soon-expiring one as a warning.</summary>
    private sealed class ServerCertificateCheck(IConfiguration configuration, TimeProvider time, ILogger<ServerCertificateCheck> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            var kestrel = configuration.GetSection("Kestrel");
            var sections = new[] { kestrel.GetSection("Certificates:Default") }
                .Concat(kestrel.GetSection("Endpoints").GetChildren().Select(e => e.GetSection("Certificate")));
            foreach (var section in sections.Where(s => s["Path"] is { Length: > 0 }))
            {
                var path = section["Path"]!;
                try
                {
                    using var certificate = Load(path, section["Password"]);
                    var now = time.GetUtcNow();
                    if (certificate.NotAfter.ToUniversalTime() <= now.UtcDateTime)
                    {
                        Log.ServerCertificateExpired(logger, certificate.Subject, path, certificate.NotAfter.ToUniversalTime());
                    }
                    else
                    {
                        Log.ServerCertificateLoaded(logger, certificate.Subject, path, certificate.NotAfter.ToUniversalTime());
                    }
                }
                catch (Exception e) when (e is IOException or System.Security.Cryptography.CryptographicException or UnauthorizedAccessException)
                {
                    // Kestrel refuses to start on it and says why; this only adds which file.
                    Log.ServerCertificateUnreadable(logger, path, e.Message);
                }
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        private static X509Certificate2 Load(string path, string? password) =>
            path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase)
                ? X509CertificateLoader.LoadPkcs12FromFile(path, password)
                : X509CertificateLoader.LoadCertificateFromFile(path);
    }
}
