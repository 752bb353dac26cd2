namespace Observability.Review.State;

/// <summary>One timed fact a check counts (a failure, a timeout, a test run): when, which event, and a value.</summary>
/// <param name="At">The event's time.</param>
/// <param name="EventId">The event's id, for the evidence.</param>
/// <param name="Value">What it carries: 1 for a failure, 2 for a timeout, a flaky count...</param>
/// <param name="Extra">A second figure (a run's skipped tests); -1 when absent.</param>
internal readonly record struct Occurrence(DateTimeOffset At, string EventId, double Value, double Extra = -1)
{
    public void Write(BinaryWriter w)
    {
        w.Write(At);
        w.Write(EventId);
        w.Write(Value);
        w.Write(Extra);
    }

    public static Occurrence Read(BinaryReader r) => new(r.ReadDateTimeOffset(), r.ReadString(), r.ReadDouble(), r.ReadDouble());
}
