using Observability.Analytics;
using Observability.Analytics.Windows;

namespace Observability.Sidecar.Endpoints;

/// <summary>
/// <c>GET /api/v1/windows</c>: seed 004's rolling windows as of every acknowledged event: global and per project,
/// each window's value (null while undefined), n, size and source, the policy states and the thresholds.
/// </summary>
internal static class WindowsEndpoint
{
    public static IResult Handle(AnalyticsFeed feed, WindowsView view) => Results.Json(feed.Read(view.Snapshot), SidecarJson.Options);
}
