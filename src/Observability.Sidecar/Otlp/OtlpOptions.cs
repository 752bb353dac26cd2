namespace Observability.Sidecar.Otlp;

/// <summary>The OTLP receiver (<c>POST /v1/logs</c>, <c>/v1/metrics</c>, and OTLP/gRPC on <see cref="GrpcUrl"/>): section <c>Otlp</c>.</summary>
public sealed class OtlpOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Otlp";

    /// <summary>
    /// Default body limit: 8 MiB, as received and again after gzip. A Claude Code batch of 512 events is about 400 KB of
    /// protobuf; the OpenTelemetry SDKs' default batch (512 records) stays well under it.
    /// </summary>
    public const long DefaultMaxRequestBodyBytes = 8L * 1024 * 1024;

    /// <summary>Default cap on records or data points per request.</summary>
    public const int DefaultMaxItemsPerRequest = 10_000;

    /// <summary>Largest body accepted, compressed and decompressed; more gets 413. Default <see cref="DefaultMaxRequestBodyBytes"/>.</summary>
    public long MaxRequestBodyBytes { get; set; } = DefaultMaxRequestBodyBytes;

    /// <summary>Most log records or data points one request may hold; more gets 413. Default <see cref="DefaultMaxItemsPerRequest"/>.</summary>
    public int MaxItemsPerRequest { get; set; } = DefaultMaxItemsPerRequest;

    /// <summary>
    /// Where the OTLP/gRPC receiver listens, such as <c>http://127.0.0.1:4317</c> (OTLP/gRPC's port): a listener of its
    /// own, HTTP/2 only, beside the main one. Null or empty (the default): no gRPC listener.
    /// </summary>
    public string? GrpcUrl { get; set; }

    /// <summary>
    /// Which resource (or record) attributes name the work, as attribute key to context name (<c>team</c>, <c>project</c>,
    /// <c>repository</c>, <c>branch</c>, <c>taskId</c>): the rules map <c>context.*</c> to event fields. Empty: the plain
    /// names and OpenTelemetry's conventions (<c>team.id</c>, <c>vcs.repository.name</c>, <c>task.id</c>, ...).
    /// </summary>
    public Dictionary<string, string> ResourceAttributes { get; init; } = new(StringComparer.Ordinal);
}
