using System.Globalization;
using System.Text.Json;
using Observability.Analytics;

namespace Observability.Sidecar.Endpoints;

/// <summary>
/// The query parameters the analytics endpoints share (<c>at</c>, <c>from</c>, <c>to</c>, <c>window</c>) and their
/// answers. A bad parameter is a 400 problem naming it in <c>field</c>.
/// </summary>
internal static class AnalyticsQuery
{
    /// <summary>A parameter problem: which one and what is wrong.</summary>
    public sealed record Error(string Field, string Detail);

    /// <summary>
    /// The first query parameter the endpoint does not take, as an error. A misspelt or unsupported filter must not
    /// silently give unfiltered figures.
    /// </summary>
    public static Error? Unknown(HttpRequest request, params ReadOnlySpan<string> allowed)
    {
        foreach (var name in request.Query.Keys)
        {
            if (!allowed.Contains(name))
            {
                return new Error(name, allowed.IsEmpty
                    ? "this endpoint takes no query parameters."
                    : $"this endpoint does not take '{name}'; it takes {string.Join(", ", allowed.ToArray())}.");
            }
        }

        return null;
    }

    /// <summary>Parses <c>from</c> and <c>to</c> (and <c>at</c> when <paramref name="allowAt"/>).</summary>
    public static Error? TryScope(HttpRequest request, bool allowAt, out TimeScope scope)
    {
        scope = default;
        if (Timestamp(request, "from", out var from) is { } fromError)
        {
            return fromError;
        }

        if (Timestamp(request, "to", out var to) is { } toError)
        {
            return toError;
        }

        DateTimeOffset? at = null;
        if (allowAt && Timestamp(request, "at", out at) is { } atError)
        {
            return atError;
        }

        if (from > to)
        {
            return new Error("from", $"from ({from:O}) is after to ({to:O}).");
        }

        scope = new TimeScope(from, to, at);
        return null;
    }

    /// <summary>
    /// The window: <c>window</c> (24h, 7d, 30d, 90d, all) ending now, or <c>from</c>/<c>to</c>, never both; with
    /// neither, <paramref name="defaultWindow"/>. <paramref name="name"/> is the window's name or <c>custom</c>.
    /// </summary>
    public static Error? TryWindow(HttpRequest request, string defaultWindow, bool allowRange, DateTimeOffset now, out string name, out TimeScope scope)
    {
        name = defaultWindow;
        scope = default;
        var window = request.Query["window"];
        var hasRange = request.Query.ContainsKey("from") || request.Query.ContainsKey("to");
        if (allowRange && hasRange)
        {
            if (window.Count > 0)
            {
                return new Error("window", "give either window or from/to, not both.");
            }

            name = "custom";
            return TryScope(request, allowAt: false, out scope);
        }

        if (window.Count > 1)
        {
            return new Error("window", "give window once.");
        }

        name = window.Count == 1 ? window[0] ?? string.Empty : defaultWindow;
        if (!ReportWindow.TryParse(name, out var length))
        {
            return new Error("window", $"'{name}' is not one of {string.Join(", ", ReportWindow.Names)}.");
        }

        scope = TimeScope.Last(length, now);
        return null;
    }

    public static Task ProblemAsync(HttpContext context, Error error, int status = StatusCodes.Status400BadRequest) =>
        Problem.WriteAsync(context, status, "Invalid parameter", $"{error.Field}: {error.Detail}", new { field = error.Field });

    /// <summary>Writes a 200 JSON answer with every key present (null when unknown), so the shape is stable.</summary>
    public static Task JsonAsync(HttpContext context, object answer, int status = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, answer, answer.GetType(), SidecarJson.WithNulls, context.RequestAborted);
    }

    /// <summary>An ISO 8601 timestamp with a zone (<c>Z</c> or <c>±hh:mm</c>), as events carry.</summary>
    public static bool TryParseTimestamp(string? text, out DateTimeOffset value)
    {
        value = default;
        return text is { Length: >= 17 }
            && text[10] is 'T' or 't'
            && (text[^1] is 'Z' or 'z' || text.LastIndexOfAny(['+', '-']) > 10)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    private static Error? Timestamp(HttpRequest request, string name, out DateTimeOffset? value)
    {
        value = null;
        var values = request.Query[name];
        if (values.Count == 0)
        {
            return null;
        }

        if (values.Count > 1 || !TryParseTimestamp(values[0], out var parsed))
        {
            return new Error(name, $"'{values}' is not one ISO 8601 timestamp with a time zone, e.g. 2026-02-23T10:00:00Z.");
        }

        value = parsed;
        return null;
    }
}
