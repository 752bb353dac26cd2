using System.Security.Cryptography.X509Certificates;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Security;

/// <summary>
/// The default server certificate (<c>Kestrel:Certificates:Default</c>), read again when its files change: a renewed
/// certificate (cert-manager, a rotated secret) is served to new connections without a restart. The files are looked
/// at no more than once a second, on a handshake; a pair that does not load (half-written) keeps the one served.
/// </summary>
internal sealed class ReloadingCertificate
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(1);
    private readonly string _path;
    private readonly string? _keyPath;
    private readonly string? _password;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private X509Certificate2 _current;
    private DateTime _stamp;
    private long _checkedAt;

    public ReloadingCertificate(string path, string? keyPath, string? password, TimeProvider time, ILogger logger)
    {
        _path = path;
        _keyPath = keyPath;
        _password = password;
        _time = time;
        _logger = logger;
        _stamp = Stamp();
        _current = Load();
        _checkedAt = time.GetTimestamp();
    }

    /// <summary>The certificate to show a new connection.</summary>
    public X509Certificate2 Current
    {
        get
        {
            if (_time.GetElapsedTime(Interlocked.Read(ref _checkedAt)) < CheckEvery)
            {
                return _current;
            }

            lock (_gate)
            {
                Interlocked.Exchange(ref _checkedAt, _time.GetTimestamp());
                var stamp = Stamp();
                if (stamp != _stamp)
                {
                    try
                    {
                        _current = Load();
                        _stamp = stamp;
                        Log.ServerCertificateReloaded(_logger, _current.Subject, _path, _current.NotAfter.ToUniversalTime());
                    }
                    catch (Exception e) when (e is IOException or System.Security.Cryptography.CryptographicException or UnauthorizedAccessException)
                    {
                        Log.ServerCertificateUnreadable(_logger, _path, e.Message);
                    }
                }

                return _current;
            }
        }
    }

    private DateTime Stamp()
    {
        var certificate = File.GetLastWriteTimeUtc(_path);
        return _keyPath is null ? certificate : new DateTime(Math.Max(certificate.Ticks, File.GetLastWriteTimeUtc(_keyPath).Ticks), DateTimeKind.Utc);
    }

    private X509Certificate2 Load()
    {
        if (_path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || _path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(_path, _password);
        }

        // PEM with its key beside it (or in the same file).
        return _password is null
            ? X509Certificate2.CreateFromPemFile(_path, _keyPath)
            : X509Certificate2.CreateFromEncryptedPemFile(_path, _password, _keyPath);
    }
}
