using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Observability.Proposals;

namespace Observability.Sidecar.Proposals;

/// <summary>
/// GitHub Issues, one issue per proposal, never two: the proposal id travels in the issue body as a hidden marker
/// (<c>&lt;!-- agentobs-proposal: p-… --&gt;</c>), and before creating, the repository's issues with the first
/// configured label (open and closed) are listed and searched for it. A crash between creating the issue and
/// recording the delivery therefore finds the issue and records it instead of opening another.
/// </summary>
/// <remarks>
/// REST calls as GitHub documents them: <c>GET /repos/{owner}/{repo}/issues?labels=&amp;state=all&amp;per_page=100&amp;page=</c>
/// and <c>POST /repos/{owner}/{repo}/issues</c> with <c>title</c>, <c>body</c>, <c>labels</c> (201 with <c>number</c>
/// and <c>html_url</c>), each with <c>Accept: application/vnd.github+json</c>, <c>X-GitHub-Api-Version</c>, a Bearer
/// token and a User-Agent. Redirects are never followed (a renamed repository or another host answers as a failure
/// naming where it pointed), so the token only ever goes to the configured host.
/// </remarks>
internal sealed class GitHubTracker : IProposalTracker, IDisposable
{
    public const string TrackerName = "github";

    /// <summary>The REST API version the requests are written against.</summary>
    public const string ApiVersion = "2022-11-28";

    /// <summary>Issues listed per page, GitHub's maximum.</summary>
    public const int PageSize = 100;

    /// <summary>Pages searched for a marker at most: the 5,000 most recent issues with the label.</summary>
    public const int MaxPages = 50;

    /// <summary>The longest answer read, per request.</summary>
    public const int MaxAnswerBytes = 16 * 1024 * 1024;

    private readonly HttpClient _http;
    private readonly string _repository;
    private readonly string _token;
    private readonly IReadOnlyList<string> _labels;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;

    public GitHubTracker(GitHubTrackerOptions options, string userAgent, TimeSpan timeout, TimeProvider time, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var root = new Uri(options.BaseUrl.TrimEnd('/') + "/", UriKind.Absolute);
        _repository = $"repos/{Uri.EscapeDataString(options.Owner!)}/{Uri.EscapeDataString(options.Repository!)}/issues";
        _token = options.Token!;
        _labels = options.EffectiveLabels;
        _timeout = timeout;
        _time = time;
        Server = root.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped);
        _http = new HttpClient(handler ?? new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = root,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
    }

    public string Name => TrackerName;

    public string Server { get; }

    /// <summary>The hidden line that says which proposal an issue is.</summary>
    public static string Marker(string proposalId) => $"<!-- agentobs-proposal: {proposalId} -->";

    public async Task<TrackerResult> DeliverAsync(ProposalAnswer proposal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        var marker = Marker(proposal.Id);
        for (var page = 1; page <= MaxPages; page++)
        {
            var path = $"{_repository}?labels={Uri.EscapeDataString(_labels[0])}&state=all&per_page={PageSize}&page={page.ToString(CultureInfo.InvariantCulture)}";
            var (listed, failure) = await SendAsync(HttpMethod.Get, path, null, 200, cancellationToken).ConfigureAwait(false);
            if (failure is not null)
            {
                return failure;
            }

            var issues = listed!.AsArray();
            foreach (var issue in issues)
            {
                if (issue?["body"] is JsonValue body && body.TryGetValue<string>(out var text) && text.Contains(marker, StringComparison.Ordinal))
                {
                    return Found(issue, TrackerResult.Existing);
                }
            }

            if (issues.Count < PageSize)
            {
                break;
            }
        }

        var create = new JsonObject
        {
            ["title"] = proposal.Title,
            ["body"] = marker + "\n\n" + proposal.Description,
            ["labels"] = new JsonArray([.. _labels.Select(l => (JsonNode)JsonValue.Create(l))]),
        };
        var (created, error) = await SendAsync(HttpMethod.Post, _repository, create, 201, cancellationToken).ConfigureAwait(false);
        return error ?? Found(created!, TrackerResult.Delivered);
    }

    public void Dispose() => _http.Dispose();

    private static TrackerResult Found(JsonNode issue, string outcome) =>
        issue["number"] is JsonValue number && number.TryGetValue<long>(out var n)
            ? new TrackerResult(true, outcome, n, issue["html_url"]?.GetValue<string>())
            : TrackerResult.Failure("an issue without a number in GitHub's answer");

    private async Task<(JsonNode? Answer, TrackerResult? Failure)> SendAsync(
        HttpMethod method, string path, JsonObject? body, int expected, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        request.Headers.Add("X-GitHub-Api-Version", ApiVersion);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        }

        using var timeout = new CancellationTokenSource(_timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status != expected)
            {
                var where = response.Headers.Location is { } location ? $" to {(location.IsAbsoluteUri ? location.Host : "a path")}, not followed" : string.Empty;
                return (null, TrackerResult.Failure($"{method} issues: HTTP {status}{where}", RetryAfter(response)));
            }

            if (response.Content.Headers.ContentLength > MaxAnswerBytes)
            {
                return (null, TrackerResult.Failure($"{method} issues: an answer over {MaxAnswerBytes} bytes"));
            }

            await using var stream = await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false);
            var answer = await JsonNode.ParseAsync(new BoundedStream(stream, MaxAnswerBytes), cancellationToken: linked.Token).ConfigureAwait(false);
            return answer is JsonArray or JsonObject
                ? (answer, null)
                : (null, TrackerResult.Failure($"{method} issues: an answer that is not a JSON object or array"));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, TrackerResult.Failure($"{method} issues: no answer within {_timeout.TotalSeconds:0.###} s"));
        }
        catch (HttpRequestException e)
        {
            return (null, TrackerResult.Failure($"{method} issues: {e.HttpRequestError}: {e.Message}"));
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return (null, TrackerResult.Failure($"{method} issues: unreadable answer ({e.Message})"));
        }
    }

    // GitHub's secondary rate limits answer 403 or 429 with Retry-After, or with x-ratelimit-reset when the quota is spent.
    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is { Delta: { } delta })
        {
            return delta;
        }

        if (response.Headers.TryGetValues("x-ratelimit-remaining", out var remaining) && remaining.FirstOrDefault() == "0"
            && response.Headers.TryGetValues("x-ratelimit-reset", out var reset)
            && long.TryParse(reset.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return DateTimeOffset.FromUnixTimeSeconds(seconds) - _time.GetUtcNow();
        }

        return null;
    }
}
