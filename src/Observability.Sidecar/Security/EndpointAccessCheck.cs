using Microsoft.Extensions.Options;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Security;

/// <summary>
/// Refuses to start when an endpoint has no line in <see cref="AccessTable"/> (<see cref="ThrowIfAnyMissing"/>, called
/// once every endpoint is mapped): an endpoint added without a policy is a start-up failure naming it (every test that
/// starts the sidecar fails), never an endpoint open to anyone. At start it logs who may do what.
/// </summary>
internal sealed class EndpointAccessCheck(IOptions<AuthOptions> options, TokenStore tokens, ILogger<EndpointAccessCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var auth = options.Value;
        Log.AuthConfigured(
            logger, tokens.Count, ScopeAuthorizationHandler.TrustsLoopback(auth, tokens) ? "have every scope" : "are refused",
            auth.AnonymousRead ? "on" : "off", auth.RequireMetricsToken ? "needs scope metrics" : "is open");
        if (auth.Certificates.Count > 0)
        {
            Log.CertificatesConfigured(logger, auth.Certificates.Count);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Throws, naming them, when mapped endpoints have no line in the access table. It reads the route builder's own
    /// data sources: the routing service's list is filled only once the server starts, after every hosted service has.
    /// </summary>
    public static void ThrowIfAnyMissing(IEndpointRouteBuilder app)
    {
        var missing = Missing(app.DataSources.SelectMany(d => d.Endpoints));
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"These endpoints have no line in the access table (Security/AccessTable.cs): {string.Join(", ", missing)}. "
                + "Add one per endpoint: its method, its route pattern and who may call it.");
        }
    }

    /// <summary>"METHOD pattern" of every routed endpoint without access metadata.</summary>
    public static List<string> Missing(IEnumerable<Endpoint> all) =>
        [.. all.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<EndpointAccessMetadata>() is null)
            .Select(e => $"{string.Join('|', e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"])} {e.RoutePattern.RawText}")];
}
