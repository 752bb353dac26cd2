namespace Observability.Sidecar.Security;

/// <summary>
/// An admitted request's hold on its token's daily quota: the events reserved at admission; on dispose, the quota keeps
/// those reported stored and gets the rest back (duplicates, rejected items, a write that failed), before the answer.
/// </summary>
internal sealed class EventTicket : IAsyncDisposable
{
    private readonly EventQuotas? _quotas;
    private readonly string? _token;
    private readonly DateOnly _day;
    private readonly int _reserved;
    private int _stored;
    private bool _settled;

    /// <summary>For writes admitted without limits (the code hosts' webhooks): holds nothing.</summary>
    public static readonly EventTicket Unlimited = new(null, null, default, 0);

    public EventTicket(EventQuotas? quotas, string? token, DateOnly day, int reserved)
    {
        _quotas = quotas;
        _token = token;
        _day = day;
        _reserved = reserved;
    }

    /// <summary>Reports <paramref name="count"/> of the request's events stored (appended to the log, not duplicates).</summary>
    public void Stored(int count)
    {
        if (_token is not null)
        {
            _stored += count;
        }
    }

    /// <summary>Settles the reservation; what was stored is in the quota file when this completes.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_settled || _quotas is null || _token is null || _reserved == 0)
        {
            return;
        }

        _settled = true;
        await _quotas.SettleAsync(_token, _day, _reserved, Math.Min(_stored, _reserved));
    }
}
