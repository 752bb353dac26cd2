namespace Observability.Sidecar.Compaction;

/// <summary>
/// One rewrite of the log or of the derived state at a time: a compaction moves segments a refresh is reading, and a
/// refresh's fold must see the log one compaction or the other left it.
/// </summary>
internal sealed class MaintenanceLock : IDisposable
{
    private readonly SemaphoreSlim _one = new(1, 1);

    /// <summary>True while a compaction or a refresh runs.</summary>
    public bool Busy => _one.CurrentCount == 0;

    /// <summary>Waits for the lock; dispose the answer to release it.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _one.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Release(_one);
    }

    public void Dispose() => _one.Dispose();

    private sealed class Release(SemaphoreSlim one) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                one.Release();
            }
        }
    }
}
