using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Observability.Sidecar.Hosting;
using Observability.Sidecar.Security;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests.Security;

/// <summary>
/// Every endpoint against every kind of caller, over real HTTP. The rows are this test's own statement of who may call
/// what; a first test holds them against the endpoints the sidecar maps, so an endpoint added without a row here (or
/// without a line in the access table, which stops the start) fails.
/// </summary>
public sealed class AccessTableTests
{
    private static readonly TestToken Wrong = new("nobody", "not-a-configured-token");

    // METHOD, route pattern, a path that matches it, who may call it.
    private static readonly (string Method, string Pattern, string Path, EndpointAccess Access)[] Rows =
    [
        ("GET", "/health", "/health", EndpointAccess.Open),
        ("GET", "/readiness", "/readiness", EndpointAccess.Open),
        ("GET", "/startup", "/startup", EndpointAccess.Open),
        ("GET", "/version", "/version", EndpointAccess.Open),
        ("GET", "/metrics", "/metrics", EndpointAccess.Metrics),
        ("POST", "/api/v1/events", "/api/v1/events", EndpointAccess.Ingest),
        ("POST", "/api/v1/metrics/ws-execution", "/api/v1/metrics/ws-execution", EndpointAccess.Ingest),
        ("POST", "/api/v1/metrics/bug-fix", "/api/v1/metrics/bug-fix", EndpointAccess.Ingest),
        ("POST", "/api/v1/outcomes", "/api/v1/outcomes", EndpointAccess.Ingest),
        ("POST", "/api/v1/cloudevents", "/api/v1/cloudevents", EndpointAccess.Ingest),
        ("POST", "/v1/logs", "/v1/logs", EndpointAccess.Ingest),
        ("POST", "/v1/metrics", "/v1/metrics", EndpointAccess.Ingest),
        ("POST", "/opentelemetry.proto.collector.logs.v1.LogsService/Export", "/opentelemetry.proto.collector.logs.v1.LogsService/Export", EndpointAccess.Ingest),
        ("POST", "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export", "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export", EndpointAccess.Ingest),
        ("GET", "/api/v1/summary", "/api/v1/summary", EndpointAccess.Read),
        ("GET", "/api/agent/metrics", "/api/agent/metrics", EndpointAccess.Read),
        ("GET", "/api/v1/metrics/ws-executions", "/api/v1/metrics/ws-executions", EndpointAccess.Read),
        ("GET", "/api/v1/metrics/ws-executions/{id}", "/api/v1/metrics/ws-executions/x", EndpointAccess.Read),
        ("GET", "/api/v1/metrics/dashboard", "/api/v1/metrics/dashboard", EndpointAccess.Read),
        ("GET", "/api/v1/metrics/cost-summary", "/api/v1/metrics/cost-summary", EndpointAccess.Read),
        ("GET", "/api/v1/metrics/scoreboard", "/api/v1/metrics/scoreboard", EndpointAccess.Read),
        ("GET", "/api/v1/windows", "/api/v1/windows", EndpointAccess.Read),
        ("GET", "/api/v1/experiments", "/api/v1/experiments", EndpointAccess.Read),
        ("GET", "/api/v1/experiments/{name}", "/api/v1/experiments/x", EndpointAccess.Read),
        ("GET", "/api/v1/experiments/{name}/assign", "/api/v1/experiments/x/assign", EndpointAccess.Read),
        ("GET", "/api/v1/goals", "/api/v1/goals", EndpointAccess.Read),
        ("GET", "/api/v1/goals/{name}", "/api/v1/goals/x", EndpointAccess.Read),
        ("GET", "/api/v1/proposals", "/api/v1/proposals", EndpointAccess.Read),
        ("GET", "/api/v1/proposals/{id}", "/api/v1/proposals/x", EndpointAccess.Read),
        ("GET", "/api/v1/review/priorities", "/api/v1/review/priorities", EndpointAccess.Read),
        ("GET", "/api/v1/findings", "/api/v1/findings", EndpointAccess.Read),
        ("GET", "/api/v1/findings/{id}", "/api/v1/findings/x", EndpointAccess.Read),
        ("GET", "/api/v1/context", "/api/v1/context", EndpointAccess.Read),
        ("POST", "/api/v1/experiments", "/api/v1/experiments", EndpointAccess.Admin),
        ("POST", "/api/v1/goals", "/api/v1/goals", EndpointAccess.Admin),
        ("POST", "/api/v1/proposals/{id}/approve", "/api/v1/proposals/x/approve", EndpointAccess.Admin),
        ("POST", "/api/v1/proposals/{id}/reject", "/api/v1/proposals/x/reject", EndpointAccess.Admin),
        ("POST", "/api/v1/review", "/api/v1/review", EndpointAccess.Admin),
        ("POST", "/api/v1/reflect", "/api/v1/reflect", EndpointAccess.Admin),
        ("POST", "/api/v1/admin/compact", "/api/v1/admin/compact", EndpointAccess.Admin),
        ("POST", "/api/v1/admin/refresh", "/api/v1/admin/refresh", EndpointAccess.Admin),
        ("GET", "/api/v1/admin/refresh", "/api/v1/admin/refresh", EndpointAccess.Admin),
        ("POST", "/api/v1/webhooks/github", "/api/v1/webhooks/github", EndpointAccess.Signed),
        ("POST", "/api/v1/webhooks/gitlab", "/api/v1/webhooks/gitlab", EndpointAccess.Signed),
    ];

    [Fact]
    public async Task Endpoints_EveryOneTheSidecarMaps_HasARowHereAndAnAccessLine()
    {
        using var directory = new TempDirectory("access-map");
        await using var app = BuildApp(directory.Combine("data"));
        var mapped = MappedEndpoints(app);

        var keys = mapped.Select(e => AccessTable.KeyOf(Method(e), e.RoutePattern.RawText!)).ToHashSet(StringComparer.Ordinal);
        var rows = Rows.Select(r => $"{r.Method} {r.Pattern}").ToHashSet(StringComparer.Ordinal);
        Assert.True(keys.SetEquals(rows), $"Mapped without a row here: {string.Join(", ", keys.Except(rows))}; rows for no endpoint: {string.Join(", ", rows.Except(keys))}");
        Assert.Empty(EndpointAccessCheck.Missing(mapped));
        foreach (var row in Rows)
        {
            var endpoint = mapped.Single(e => AccessTable.KeyOf(Method(e), e.RoutePattern.RawText!) == $"{row.Method} {row.Pattern}");
            Assert.Equal(row.Access, endpoint.Metadata.GetMetadata<EndpointAccessMetadata>()?.Access);
        }
    }

    [Fact]
    public async Task AccessCheck_EndpointWithoutALine_RefusesToStartNamingIt()
    {
        // As Program composes it: an endpoint mapped without a line stops MapObservabilitySidecar, before any hosted
        // service runs (the routing service's own endpoint list is still empty then, so a check there saw nothing).
        using var directory = new TempDirectory("access-missing");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration["Sidecar:DataDirectory"] = directory.Combine("data");
        builder.Services.AddObservabilitySidecar(builder.Configuration);
        await using var app = builder.Build();
        app.MapGroup(string.Empty).WithAccessTable().MapPost("/api/v1/unlisted", () => "open?");

        var error = Assert.Throws<InvalidOperationException>(() => app.MapObservabilitySidecar());

        Assert.Contains("POST /api/v1/unlisted", error.Message, StringComparison.Ordinal);
        Assert.Contains("AccessTable.cs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Endpoints_EveryCallerWithTokensConfigured_GetsWhatItsScopesAllow()
    {
        using var directory = new TempDirectory("access-http");
        var arguments = TestTokens.Arguments(TestTokens.Each);
        arguments.AddRange(["--Auth:RequireMetricsToken", "true", "--GitHub:WebhookSecret", "hook-secret", "--GitLab:WebhookToken", "hook-token"]);
        await using var sidecar = await SidecarProcess.StartAsync(new SidecarStart(directory.Combine("data")) { Arguments = arguments });

        var failures = new List<string>();
        TestToken?[] callers = [null, Wrong, .. TestTokens.Each];
        foreach (var row in Rows)
        {
            foreach (var caller in callers)
            {
                var request = new HttpRequestMessage(new HttpMethod(row.Method), new Uri(row.Path.TrimStart('/'), UriKind.Relative));
                if (row.Method == "POST")
                {
                    request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
                }

                var answer = await sidecar.SendAsync(request, caller);
                var expected = Expected(row.Access, caller);
                var who = caller?.Name ?? "no token";
                if (expected is { } status && answer.Status != status)
                {
                    failures.Add($"{row.Method} {row.Path} as {who}: expected {(int)status}, got {answer}");
                }
                else if (expected is null && answer.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.InternalServerError)
                {
                    failures.Add($"{row.Method} {row.Path} as {who}: expected to be let through, got {answer}");
                }
                else if (answer.Status == HttpStatusCode.Unauthorized && row.Access != EndpointAccess.Signed && !answer.Headers.WwwAuthenticate.Any(h => h.Scheme == "Bearer"))
                {
                    failures.Add($"{row.Method} {row.Path} as {who}: 401 without a Bearer challenge");
                }
                else if (answer.Status == HttpStatusCode.Forbidden
                    && (answer.ContentType != "application/problem+json" || answer.Json.GetProperty("scope").GetString() != AccessConventions.PolicyOf(row.Access)))
                {
                    failures.Add($"{row.Method} {row.Path} as {who}: 403 not naming scope {AccessConventions.PolicyOf(row.Access)}: {answer}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.DoesNotContain("   at ", sidecar.Output, StringComparison.Ordinal);
    }

    // Null: let through (any answer but 401, 403 and 500). A signed endpoint takes no bearer token: whatever token is
    // sent, a delivery without its source's signature is refused.
    private static HttpStatusCode? Expected(EndpointAccess access, TestToken? caller)
    {
        if (access is EndpointAccess.Open)
        {
            return null;
        }

        if (access is EndpointAccess.Signed)
        {
            return HttpStatusCode.Unauthorized;
        }

        if (caller is null || caller == Wrong)
        {
            return HttpStatusCode.Unauthorized;
        }

        return caller.Scopes.Contains(AccessConventions.PolicyOf(access)) ? null : HttpStatusCode.Forbidden;
    }

    private static string Method(RouteEndpoint endpoint) => string.Join('|', endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"]);

    private static List<RouteEndpoint> MappedEndpoints(WebApplication app) =>
        [.. ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()];

    private static WebApplication BuildApp(string dataDirectory)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration["Sidecar:DataDirectory"] = dataDirectory;
        builder.Services.AddObservabilitySidecar(builder.Configuration);
        var app = builder.Build();
        app.MapObservabilitySidecar();
        return app;
    }
}
