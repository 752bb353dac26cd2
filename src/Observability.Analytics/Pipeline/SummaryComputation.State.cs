namespace Observability.Analytics.Pipeline;

internal static partial class SummaryComputation
{
    private struct TaskState
    {
        public static readonly TaskState Empty = new()
        {
            FirstStart = long.MaxValue,
            LastDone = long.MinValue,
            Chain = -1,
        };

        public long FirstStart;
        public long LastDone;
        public double LastDoneDuration;
        public int Chain;
        public bool Seen;
        public bool Reworked;

        public readonly bool Completed => LastDone != long.MinValue;

        public readonly double? CycleSeconds =>
            !Completed ? null
            : !double.IsNaN(LastDoneDuration) ? LastDoneDuration
            : FirstStart <= LastDone ? (LastDone - FirstStart) / TicksPerSecond
            : null;
    }

    private struct RequestState
    {
        public static readonly RequestState Empty = new() { Created = long.MaxValue, Closed = long.MinValue, ClosedDuration = double.NaN };

        public long Created;
        public long Closed;
        public double ClosedDuration;
        public bool Seen;
    }

    private struct ModelAccumulator
    {
        public int Tasks;
        public int Completed;
        public int Reworked;
        public int Cycles;
        public double CycleSum;

        public static ModelAccumulator Merge(ModelAccumulator a, ModelAccumulator b) => new()
        {
            Tasks = a.Tasks + b.Tasks,
            Completed = a.Completed + b.Completed,
            Reworked = a.Reworked + b.Reworked,
            Cycles = a.Cycles + b.Cycles,
            CycleSum = a.CycleSum + b.CycleSum,
        };
    }
}
