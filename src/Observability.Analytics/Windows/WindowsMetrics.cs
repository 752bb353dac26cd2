using Observability.Metrics;

namespace Observability.Analytics.Windows;

/// <summary>
/// The windows as gauges: effective values per project (<c>_global</c> for the global scope), samples, sizes, fallback
/// flags and policy states. An undefined value has no sample (its series is removed); the family, HELP and TYPE,
/// is there from the first scrape.
/// </summary>
public sealed class WindowsMetrics
{
    private readonly Dictionary<string, GaugeFamily> _values;
    private readonly GaugeFamily _samples;
    private readonly GaugeFamily _fallback;
    private readonly GaugeFamily _trustLost;
    private readonly GaugeFamily _scopeTightened;

    /// <summary>Registers the families in <paramref name="registry"/>, with each window's size set.</summary>
    public WindowsMetrics(MetricRegistry registry, WindowsOptions options)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(options);
        _values = new Dictionary<string, GaugeFamily>(StringComparer.Ordinal)
        {
            [WindowNames.FirstPassMergeRate] = registry.CreateGauge(
                "first_pass_merge_rate",
                "Share of the last merges done on the first attempt (the rolling merge windows contract), 0..1; the global value while the project's window is not full; no sample while undefined.",
                "project"),
            [WindowNames.RebaseConflictRate] = registry.CreateGauge(
                "rebase_conflict_rate",
                "Share of the last merges whose final pre-merge verdict was rebase_conflict (the rolling merge windows contract), 0..1; the global value while the project's window is not full; no sample while undefined.",
                "project"),
            [WindowNames.P95AttemptsToMerge] = registry.CreateGauge(
                "attempts_to_merge_p95",
                "Nearest-rank 95th percentile of attempts to merge over the last merges (the rolling merge windows contract); the global value while the project's window is not full; no sample while undefined.",
                "project"),
        };
        _samples = registry.CreateGauge("merge_window_samples", "Merges currently in a project's own window (n of n/window).", "window", "project");
        var size = registry.CreateGauge(
            "merge_window_size",
            "Size of a rolling merge window (the window of n/window).",
            new MetricOptions { LabelNames = ["window"], KnownLabelSets = [.. WindowNames.All.Select(w => (IReadOnlyList<string>)[w])] });
        size.WithLabels(WindowNames.FirstPassMergeRate).Set(options.FirstPassWindow);
        size.WithLabels(WindowNames.RebaseConflictRate).Set(options.RebaseConflictWindow);
        size.WithLabels(WindowNames.P95AttemptsToMerge).Set(options.AttemptsWindow);
        _fallback = registry.CreateGauge(
            "merge_window_fallback", "1 while a project's window is not full and its value is the global one, else 0.", "window", "project");
        _trustLost = registry.CreateGauge("trust_lost", "1 while trust is lost (first-pass merge rate fell below the low threshold and has not regained the high one).", "project");
        _scopeTightened = registry.CreateGauge(
            "scope_tightened", "1 while scope is tightened (rebase-conflict rate rose above the high threshold and has not fallen below the low one).", "project");
    }

    /// <summary>Sets every gauge from <paramref name="snapshot"/>.</summary>
    public void Publish(WindowsSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Publish(snapshot.Global);
        foreach (var project in snapshot.Projects)
        {
            Publish(project);
        }
    }

    private void Publish(ScopeWindows scope)
    {
        var isGlobal = scope.Project == WindowNames.Global;
        foreach (var (window, family) in _values)
        {
            var value = scope[window];
            if (value.Value is { } v)
            {
                family.WithLabels(scope.Project).Set(v);
            }
            else
            {
                family.Remove(scope.Project);
            }

            _samples.WithLabels(window, scope.Project).Set(value.N);
            _fallback.WithLabels(window, scope.Project).Set(!isGlobal && value.IsFallback ? 1 : 0);
        }

        _trustLost.WithLabels(scope.Project).Set(scope.TrustLost ? 1 : 0);
        _scopeTightened.WithLabels(scope.Project).Set(scope.ScopeTightened ? 1 : 0);
    }
}
