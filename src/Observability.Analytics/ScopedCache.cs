namespace Observability.Analytics;

/// <summary>
/// Answers per <see cref="TimeScope"/>, valid for one state version: a new version empties it, and past
/// <c>capacity</c> scopes the oldest goes. Not thread-safe (used under the feed's lock).
/// </summary>
internal sealed class ScopedCache<T>(int capacity)
    where T : class
{
    private readonly Dictionary<TimeScope, T> _answers = [];
    private readonly Queue<TimeScope> _order = new();
    private long _version = -1;

    /// <summary>How many answers were computed rather than served from the cache.</summary>
    public int Computations { get; private set; }

    public T GetOrCompute(long version, TimeScope scope, Func<TimeScope, T> compute)
    {
        if (version != _version)
        {
            _answers.Clear();
            _order.Clear();
            _version = version;
        }

        if (_answers.TryGetValue(scope, out var answer))
        {
            return answer;
        }

        answer = compute(scope);
        Computations++;
        if (_order.Count == capacity)
        {
            _answers.Remove(_order.Dequeue());
        }

        _answers[scope] = answer;
        _order.Enqueue(scope);
        return answer;
    }
}
