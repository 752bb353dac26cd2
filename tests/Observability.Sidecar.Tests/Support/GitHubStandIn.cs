using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Observability.Sidecar.Tests.Support;

/// <summary>One issue the stand-in holds.</summary>
internal sealed record StandInIssue(long Number, string Title, string? Body, IReadOnlyList<string> Labels, string HtmlUrl);

/// <summary>
/// A local stand-in of GitHub's REST API for issues (Kestrel on 127.0.0.1) that checks every request against GitHub's
/// documented schema and refuses anything else, recording why in <see cref="Violations"/>:
/// <list type="bullet">
/// <item>every request: <c>Accept: application/vnd.github+json</c>, <c>X-GitHub-Api-Version: 2022-11-28</c>,
/// <c>Authorization: Bearer &lt;token&gt;</c> (401 otherwise), a <c>User-Agent</c> (403 otherwise, as GitHub);</item>
/// <item><c>GET /repos/{owner}/{repo}/issues</c> ("List repository issues"): only documented query parameters;
/// <c>state</c> open, closed or all; <c>per_page</c> 1 to 100; <c>page</c> from 1; <c>labels</c> a comma-separated list
/// every listed issue carries; newest first; 200 with a JSON array;</item>
/// <item><c>POST /repos/{owner}/{repo}/issues</c> ("Create an issue"): a JSON object with a non-empty string
/// <c>title</c>, an optional string <c>body</c>, optional <c>labels</c> (strings), no other field than the documented
/// ones; 201 with <c>number</c>, <c>html_url</c>, <c>url</c>, <c>title</c>, <c>body</c>, <c>labels</c>, <c>state</c> and a
/// <c>Location</c> header; 422 for a bad body, 404 for another repository or path.</item>
/// </list>
/// An issue is stored when its POST arrives; <see cref="HoldCreates"/> keeps the 201 from being sent, so a test can kill
/// the client between GitHub creating the issue and the client hearing of it.
/// </summary>
internal sealed class GitHubStandIn : IAsyncDisposable
{
    public const string ApiVersion = "2022-11-28";

    private static readonly HashSet<string> ListParameters =
        new(["milestone", "state", "assignee", "type", "creator", "mentioned", "labels", "sort", "direction", "since", "per_page", "page"], StringComparer.Ordinal);

    private static readonly HashSet<string> CreateFields =
        new(["title", "body", "assignee", "milestone", "labels", "assignees", "type"], StringComparer.Ordinal);

    private readonly WebApplication _app;
    private readonly string _owner;
    private readonly string _repo;
    private readonly string _token;
    private readonly Lock _gate = new();
    private readonly List<StandInIssue> _issues = [];
    private readonly List<string> _violations = [];
    private readonly List<string> _requests = [];
    private readonly TaskCompletionSource _createReceived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private GitHubStandIn(WebApplication app, string owner, string repo, string token)
    {
        _app = app;
        _owner = owner;
        _repo = repo;
        _token = token;
        _release.SetResult();
    }

    /// <summary>The API root to configure as <c>Proposals:GitHub:BaseUrl</c>.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>When set, a create is stored but not answered until <see cref="ReleaseCreates"/>.</summary>
    public bool HoldCreates
    {
        set
        {
            lock (_gate)
            {
                _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                if (!value)
                {
                    _release.SetResult();
                }
            }
        }
    }

    /// <summary>Completes when the first create arrives.</summary>
    public Task CreateReceived => _createReceived.Task;

    /// <summary>When set, every request is answered with this redirect (Location) instead.</summary>
    public string? RedirectTo { get; set; }

    public IReadOnlyList<StandInIssue> Issues
    {
        get
        {
            lock (_gate)
            {
                return [.. _issues];
            }
        }
    }

    /// <summary>Why requests were refused; empty when every request matched the schema.</summary>
    public IReadOnlyList<string> Violations
    {
        get
        {
            lock (_gate)
            {
                return [.. _violations];
            }
        }
    }

    /// <summary>Every request as <c>METHOD path?query</c>.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<GitHubStandIn> StartAsync(string owner, string repo, string token)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var standIn = new GitHubStandIn(app, owner, repo, token);
        app.Run(standIn.HandleAsync);
        await app.StartAsync();
        standIn.BaseUrl = app.Urls.Single().TrimEnd('/') + "/api/v3";
        return standIn;
    }

    public void ReleaseCreates() => HoldCreates = false;

    public async ValueTask DisposeAsync()
    {
        ReleaseCreates();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        lock (_gate)
        {
            _requests.Add($"{request.Method} {request.Path}{request.QueryString}");
        }

        if (RedirectTo is { } location)
        {
            context.Response.StatusCode = 301;
            context.Response.Headers.Location = location;
            return;
        }

        if (request.Headers.Accept.ToString() != "application/vnd.github+json")
        {
            await RefuseAsync(context, 415, $"Accept is '{request.Headers.Accept}', not application/vnd.github+json");
            return;
        }

        if (request.Headers["X-GitHub-Api-Version"].ToString() != ApiVersion)
        {
            await RefuseAsync(context, 400, $"X-GitHub-Api-Version is '{request.Headers["X-GitHub-Api-Version"]}', not {ApiVersion}");
            return;
        }

        if (request.Headers.Authorization.ToString() != $"Bearer {_token}")
        {
            await RefuseAsync(context, 401, "Authorization is not 'Bearer <token>'");
            return;
        }

        if (string.IsNullOrWhiteSpace(request.Headers.UserAgent))
        {
            await RefuseAsync(context, 403, "no User-Agent");
            return;
        }

        if (request.Path != $"/api/v3/repos/{_owner}/{_repo}/issues")
        {
            await RefuseAsync(context, 404, $"no such path {request.Path}");
            return;
        }

        switch (request.Method)
        {
            case "GET":
                await ListAsync(context);
                break;
            case "POST":
                await CreateAsync(context);
                break;
            default:
                await RefuseAsync(context, 404, $"{request.Method} is not an issues endpoint");
                break;
        }
    }

    private async Task ListAsync(HttpContext context)
    {
        var query = context.Request.Query;
        if (query.Keys.FirstOrDefault(k => !ListParameters.Contains(k)) is { } unknown)
        {
            await RefuseAsync(context, 422, $"undocumented query parameter {unknown}");
            return;
        }

        var state = query["state"].ToString() is { Length: > 0 } s ? s : "open";
        var perPage = query["per_page"].ToString() is { Length: > 0 } p ? int.Parse(p, CultureInfo.InvariantCulture) : 30;
        var page = query["page"].ToString() is { Length: > 0 } g ? int.Parse(g, CultureInfo.InvariantCulture) : 1;
        if (state is not ("open" or "closed" or "all") || perPage is < 1 or > 100 || page < 1)
        {
            await RefuseAsync(context, 422, $"state={state}, per_page={perPage}, page={page} out of the documented values");
            return;
        }

        var labels = query["labels"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries);
        List<StandInIssue> matching;
        lock (_gate)
        {
            // Every issue here is open; "closed" lists none.
            matching = [.. _issues.Where(i => state != "closed" && labels.All(i.Labels.Contains)).OrderByDescending(i => i.Number)];
        }

        await WriteAsync(context, 200, new JsonArray([.. matching.Skip((page - 1) * perPage).Take(perPage).Select(i => (JsonNode)Json(i))]));
    }

    private async Task CreateAsync(HttpContext context)
    {
        if (!(context.Request.ContentType ?? string.Empty).StartsWith("application/json", StringComparison.Ordinal))
        {
            await RefuseAsync(context, 415, $"Content-Type {context.Request.ContentType}");
            return;
        }

        JsonObject? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body) as JsonObject;
        }
        catch (JsonException e)
        {
            await RefuseAsync(context, 400, $"body is not JSON: {e.Message}");
            return;
        }

        if (body is null
            || body["title"] is not JsonValue title || !title.TryGetValue<string>(out var titleText) || titleText.Length == 0
            || (body["body"] is { } text && (text is not JsonValue v || !v.TryGetValue<string>(out _)))
            || (body["labels"] is { } labels && (labels is not JsonArray list || list.Any(l => l is not JsonValue lv || !lv.TryGetValue<string>(out _))))
            || body.Select(p => p.Key).FirstOrDefault(k => !CreateFields.Contains(k)) is { } _)
        {
            await RefuseAsync(context, 422, $"body does not match 'Create an issue': {body?.ToJsonString()}");
            return;
        }

        StandInIssue issue;
        Task release;
        lock (_gate)
        {
            var number = _issues.Count + 1L;
            issue = new StandInIssue(
                number,
                titleText,
                body["body"]?.GetValue<string>(),
                [.. (body["labels"] as JsonArray ?? []).Select(l => l!.GetValue<string>())],
                $"https://github.example/{_owner}/{_repo}/issues/{number}");
            _issues.Add(issue);
            release = _release.Task;
        }

        _createReceived.TrySetResult();
        await release.WaitAsync(context.RequestAborted);
        context.Response.Headers.Location = $"{BaseUrl}/repos/{_owner}/{_repo}/issues/{issue.Number}";
        await WriteAsync(context, 201, Json(issue));
    }

    private JsonObject Json(StandInIssue issue) => new()
    {
        ["id"] = 1000 + issue.Number,
        ["number"] = issue.Number,
        ["url"] = $"{BaseUrl}/repos/{_owner}/{_repo}/issues/{issue.Number}",
        ["html_url"] = issue.HtmlUrl,
        ["title"] = issue.Title,
        ["body"] = issue.Body,
        ["state"] = "open",
        ["labels"] = new JsonArray([.. issue.Labels.Select(l => (JsonNode)new JsonObject { ["name"] = l })]),
    };

    private async Task RefuseAsync(HttpContext context, int status, string why)
    {
        lock (_gate)
        {
            _violations.Add($"{context.Request.Method} {context.Request.Path}: {why}");
        }

        await WriteAsync(context, status, new JsonObject { ["message"] = why, ["documentation_url"] = "https://docs.github.com/rest/issues/issues" });
    }

    private static async Task WriteAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(body.ToJsonString());
    }
}
