namespace Observability.Analytics.Windows;

/// <summary>
/// The projects <c>GET /api/v1/windows</c> folded past <see cref="AnalyticsOptions.MaxKeys"/>. Counts only: a window is
/// the last N merges of one scope, and the last N of several projects together cannot be rebuilt from their own windows.
/// </summary>
/// <param name="Keys">Projects not listed.</param>
/// <param name="Merges">Their merges, ever (the listed projects' and these add up to the merges that name a project).</param>
public sealed record WindowsOverflow(int Keys, long Merges);
