namespace Observability.EventLog.Tests.Support;

/// <summary>A clock whose timestamp advances by a fixed step each time it is read, so measured durations are exact.</summary>
internal sealed class SteppingTimeProvider(TimeSpan step) : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Add(ref _ticks, step.Ticks) - step.Ticks;
}
