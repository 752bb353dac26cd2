using System.Net;
using System.Text.Json.Nodes;
using Observability.Sidecar.Tests.Support;

namespace Observability.Ops.Tests.Support;

/// <summary>
/// Posts one batch of the current phase's events every half second, as agent runners and CI would, until the phase
/// is <c>null</c> (silence) or it is disposed. A batch the sidecar does not answer 200 fails the scenario.
/// </summary>
internal sealed class ScenarioFeed : IAsyncDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(500);

    private readonly SidecarProcess[] _sidecars;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private volatile Func<int, List<JsonNode>>? _phase;
    private volatile string? _error;
    private int _ticks;

    public ScenarioFeed(SidecarProcess sidecar, Func<int, List<JsonNode>> phase)
        : this([sidecar], phase)
    {
    }

    /// <summary>Each tick's batch goes to every sidecar, the same events in the same order.</summary>
    public ScenarioFeed(IReadOnlyList<SidecarProcess> sidecars, Func<int, List<JsonNode>> phase)
    {
        _sidecars = [.. sidecars];
        _phase = phase;
        _loop = Task.Run(LoopAsync);
    }

    public int Ticks => Volatile.Read(ref _ticks);

    /// <summary>Each tick also posts a Claude Code session's OTLP logs and metrics (<see cref="ScenarioOtlp"/>).</summary>
    public bool Otlp { get; init; }

    /// <summary>The events of each following tick; null sends nothing.</summary>
    public void Switch(Func<int, List<JsonNode>>? phase) => _phase = phase;

    /// <summary>Fails the test if a batch was not accepted.</summary>
    public void AssertNoError() => Assert.True(_error is null, _error);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(Tick);
        while (await timer.WaitForNextTickAsync(_stop.Token))
        {
            var phase = _phase;
            if (phase is null)
            {
                continue;
            }

            var tick = Interlocked.Increment(ref _ticks);
            var events = phase(tick);
            foreach (var sidecar in _sidecars)
            {
                var response = await sidecar.PostEventsAsync([.. events]);
                if (response.Status != HttpStatusCode.OK)
                {
                    _error ??= $"tick {tick}: the sidecar on port {sidecar.Port} answered {response}";
                }

                if (Otlp)
                {
                    await PostOtlpAsync(sidecar, tick, "v1/logs", ScenarioOtlp.Logs(tick));
                    await PostOtlpAsync(sidecar, tick, "v1/metrics", ScenarioOtlp.Metrics(tick));
                }
            }
        }
    }

    private async Task PostOtlpAsync(SidecarProcess sidecar, int tick, string path, string json)
    {
        var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        var response = await sidecar.SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = content });
        if (response.Status != HttpStatusCode.OK || response.Body.Contains("partialSuccess", StringComparison.Ordinal))
        {
            _error ??= $"tick {tick}: the sidecar on port {sidecar.Port} answered {path} with {response}";
        }
    }
}
