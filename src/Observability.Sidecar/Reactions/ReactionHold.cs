using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Reactions;

/// <summary>
/// For tests only: <c>AGENTOBS_TEST_HOLD_REACTIONS_UNTIL</c> names a file; while it does not exist, reactions wait before
/// acting, so a test can stop the process between an event's append and its reaction. Never set it in production.
/// </summary>
internal sealed class ReactionHold(TimeProvider time, ILogger<ReactionHold> logger)
{
    public const string Variable = "AGENTOBS_TEST_HOLD_REACTIONS_UNTIL";

    private readonly string? _file = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } file ? file : null;
    private bool _announced;

    /// <summary>Returns once the file exists (at once when the variable is not set).</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        if (_file is null)
        {
            return;
        }

        if (!_announced)
        {
            _announced = true;
            Log.ReactionsHeldForTests(logger, _file);
        }

        while (!File.Exists(_file))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken).ConfigureAwait(false);
        }
    }
}
