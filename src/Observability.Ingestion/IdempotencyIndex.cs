namespace Observability.Ingestion;

/// <summary>
/// Event ids already in the log, rebuilt by replay, so a duplicate is never counted twice, also across
/// restarts. Ids are reserved before the append and released if it fails, so two concurrent requests
/// with the same id cannot both be stored.
/// </summary>
internal sealed class IdempotencyIndex
{
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _ids.Count;
            }
        }
    }

    /// <summary>Reserves each id; returns, per id, whether it was new.</summary>
    public bool[] TryReserve(IReadOnlyList<string> ids)
    {
        var fresh = new bool[ids.Count];
        lock (_lock)
        {
            for (var i = 0; i < ids.Count; i++)
            {
                fresh[i] = _ids.Add(ids[i]);
            }
        }

        return fresh;
    }

    public bool TryReserve(string id)
    {
        lock (_lock)
        {
            return _ids.Add(id);
        }
    }

    public void Release(IEnumerable<string> ids)
    {
        lock (_lock)
        {
            foreach (var id in ids)
            {
                _ids.Remove(id);
            }
        }
    }
}
