using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Observability.Sidecar.Hosting;

namespace Observability.Sidecar.Security;

/// <summary>
/// Daily event quotas per token (<c>Limits:EventsPerDay</c>, or the token's <c>EventsPerDay</c>): how many events each
/// token stored in the current UTC day, kept in <c>{DataDirectory}/quotas.json</c> so a restart keeps the day's usage.
/// </summary>
/// <remarks>
/// The usage is not derived from the event log because a stored record carries no time of storage, only the time its
/// sender states: counting by that time would let a sender dodge its quota with old timestamps. So the ledger is a
/// small file, replaced atomically (written aside, flushed, renamed) before a write that stored events is answered,
/// while some quota is configured; concurrent writes share one replacement (group commit), as the log's appends share
/// one fsync. A request reserves its events before it is stored and gives back what was not stored (duplicates,
/// rejected items), so concurrent requests cannot pass the quota together. The file holds the reservations of the
/// requests in flight too, so a crash leaves it off by at most those requests.
/// </remarks>
internal sealed class EventQuotas : IDisposable
{
    /// <summary>The ledger's file name in the data directory.</summary>
    public const string FileName = "quotas.json";

    private readonly long _fallback;
    private readonly TokenStore _tokens;
    private readonly TimeProvider _time;
    private readonly ILogger<EventQuotas> _logger;
    private readonly string _path;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _fileGate = new(1, 1);
    private readonly Dictionary<string, long> _used = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reachedLogged = new(StringComparer.Ordinal);
    private DateOnly _day;
    private long _version;
    private long _savedVersion;

    public EventQuotas(IOptions<LimitOptions> limits, IOptions<SidecarOptions> sidecar, TokenStore tokens, TimeProvider time, ILogger<EventQuotas> logger)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(sidecar);
        _fallback = limits.Value.EventsPerDay;
        _tokens = tokens;
        _time = time;
        _logger = logger;
        _path = Path.Combine(sidecar.Value.DataDirectory, FileName);
        Enabled = _fallback > 0 || tokens.Names.Any(n => tokens.Named(n)?.EventsPerDay > 0);
        _day = Today();
        if (Enabled)
        {
            Load();
        }
    }

    /// <summary>Some token has a daily quota: usage is kept in the file.</summary>
    public bool Enabled { get; }

    /// <summary>The daily quota of <paramref name="token"/>; 0 when it has none.</summary>
    public long Limit(string token) => _tokens.Named(token)?.EventsPerDay ?? _fallback;

    /// <summary>The events <paramref name="token"/> stored today (UTC), reserved ones included.</summary>
    public long Used(string token)
    {
        lock (_gate)
        {
            Roll();
            return _used.GetValueOrDefault(token);
        }
    }

    /// <summary>
    /// Reserves <paramref name="count"/> events of today's quota for <paramref name="token"/>; null when they fit (or it
    /// has no quota), else the refusal, with the seconds to the next UTC midnight.
    /// </summary>
    public QuotaRefusal? TryReserve(string token, int count)
    {
        var limit = Limit(token);
        if (limit <= 0)
        {
            return null;
        }

        bool first;
        long used;
        lock (_gate)
        {
            Roll();
            used = _used.GetValueOrDefault(token);
            if (used + count <= limit)
            {
                _used[token] = used + count;
                return null;
            }

            first = _reachedLogged.Add(token);
        }

        if (first)
        {
            Log.EventQuotaReached(_logger, token, used, limit, _day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        return new QuotaRefusal(limit, used, SecondsToMidnight());
    }

    /// <summary>Gives back the part of a reservation of <paramref name="reserved"/> events that was not stored, and keeps the file.</summary>
    public async Task SettleAsync(string token, DateOnly day, int reserved, int stored)
    {
        if (Limit(token) <= 0)
        {
            return;
        }

        long version;
        lock (_gate)
        {
            // A reservation made before midnight is given back to a day that is gone.
            if (day == _day && reserved > stored)
            {
                _used[token] = Math.Max(0, _used.GetValueOrDefault(token) - (reserved - stored));
            }

            version = ++_version;
        }

        if (stored > 0)
        {
            await SaveAsync(version);
        }
    }

    /// <summary>The UTC day reservations are made in now.</summary>
    public DateOnly Day
    {
        get
        {
            lock (_gate)
            {
                Roll();
                return _day;
            }
        }
    }

    public void Dispose() => _fileGate.Dispose();

    /// <summary>Whole seconds from now to the next UTC midnight, at least 1: when a refused caller may retry.</summary>
    public int SecondsToMidnight()
    {
        var now = _time.GetUtcNow();
        var midnight = new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        return Math.Max(1, (int)Math.Ceiling((midnight - now).TotalSeconds));
    }

    private DateOnly Today() => DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);

    // Called under _gate: a new UTC day starts every quota again.
    private void Roll()
    {
        var today = Today();
        if (today != _day)
        {
            _day = today;
            _used.Clear();
            _reachedLogged.Clear();
        }
    }

    private void Load()
    {
        if (!File.Exists(_path))
        {
            return;
        }

        try
        {
            var ledger = JsonSerializer.Deserialize<QuotaLedger>(File.ReadAllBytes(_path), Endpoints.SidecarJson.Options);
            if (ledger is not null && DateOnly.TryParseExact(ledger.Day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day == _day)
            {
                foreach (var (token, used) in ledger.Used)
                {
                    _used[token] = Math.Max(0, used);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            Log.EventQuotaFileUnreadable(_logger, _path, e.Message);
        }
    }

    // Group commit: one writer at a time, each writing the latest state, so the callers that queued behind a write
    // are covered by the next one together (one flush for all of them) and a later state never loses to an earlier one.
    private async Task SaveAsync(long version)
    {
        await _fileGate.WaitAsync();
        try
        {
            if (Interlocked.Read(ref _savedVersion) >= version)
            {
                return;
            }

            QuotaLedger ledger;
            long snapshot;
            lock (_gate)
            {
                ledger = new QuotaLedger(_day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), new Dictionary<string, long>(_used, StringComparer.Ordinal));
                snapshot = _version;
            }

            var temporary = _path + ".tmp";
            try
            {
                using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
                {
                    JsonSerializer.Serialize(stream, ledger, Endpoints.SidecarJson.Options);
                    stream.Flush(flushToDisk: true);
                }

                File.Move(temporary, _path, overwrite: true);
                Interlocked.Exchange(ref _savedVersion, snapshot);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log.EventQuotaFileUnwritable(_logger, _path, e.Message);
            }
        }
        finally
        {
            _fileGate.Release();
        }
    }
}

