using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;

namespace Observability.Sidecar.Security;

/// <summary>Gives every endpoint of a group its line of <see cref="AccessTable"/> as authorization metadata.</summary>
internal static class AccessConventions
{
    /// <summary>
    /// After every other convention (the probes add their method last), looks each endpoint up by method and pattern;
    /// one without a line gets nothing, and <see cref="EndpointAccessCheck"/> refuses to start with it.
    /// </summary>
    public static TBuilder WithAccessTable<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Finally(endpoint =>
        {
            if (Lookup(endpoint) is not { } access)
            {
                return;
            }

            endpoint.Metadata.Add(new EndpointAccessMetadata(access));
            switch (access)
            {
                case EndpointAccess.Open:
                case EndpointAccess.Signed:
                    endpoint.Metadata.Add(new AllowAnonymousAttribute());
                    break;
                default:
                    endpoint.Metadata.Add(new AuthorizeAttribute(PolicyOf(access)));
                    break;
            }

            // Probes and scrapes must answer whatever a client does: a limited scrape is a gap in every graph.
            if (access is EndpointAccess.Open or EndpointAccess.Metrics)
            {
                endpoint.Metadata.Add(new DisableRateLimitingAttribute());
            }
        });
        return builder;
    }

    /// <summary>The policy (and scope) an access needs.</summary>
    public static string PolicyOf(EndpointAccess access) => access switch
    {
        EndpointAccess.Ingest => Scopes.Ingest,
        EndpointAccess.Read => Scopes.Read,
        EndpointAccess.Admin => Scopes.Admin,
        EndpointAccess.Metrics => Scopes.Metrics,
        _ => throw new ArgumentOutOfRangeException(nameof(access), access, "Open and signed endpoints need no policy."),
    };

    private static EndpointAccess? Lookup(EndpointBuilder endpoint)
    {
        if (endpoint is not RouteEndpointBuilder { RoutePattern.RawText: { } pattern })
        {
            return null;
        }

        var methods = endpoint.Metadata.OfType<HttpMethodMetadata>().LastOrDefault()?.HttpMethods;
        if (methods is null || methods.Count == 0)
        {
            return null;
        }

        EndpointAccess? found = null;
        foreach (var method in methods)
        {
            if (!AccessTable.Entries.TryGetValue(AccessTable.KeyOf(method, pattern), out var access) || (found is { } other && other != access))
            {
                return null;
            }

            found = access;
        }

        return found;
    }
}
