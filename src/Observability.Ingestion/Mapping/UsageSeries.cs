using Observability.Events;

namespace Observability.Ingestion.Mapping;

/// <summary>
/// Folds agents' counter points (<c>agent:usage</c>, from OTLP metrics) into increments, whatever their temporality. A
/// delta point is its own increment. A cumulative point's increment is its value minus the series' previous value; a new
/// start time (the agent restarted) or a lower value (it reset) starts again from zero, so the increment is the whole
/// value; a point no later than the last one seen (sent again under another id, or late) adds nothing. A point sent
/// twice is one event (its id is derived from the series, start and time), so it never reaches this twice.
/// </summary>
/// <remarks>
/// Part of the metrics projection's state (snapshotted with it), so the previous value per series is exact on replay and
/// across restarts. Series silent for <see cref="IdleHorizon"/> of log time are forgotten, which bounds the state to the
/// series of the last day: a cumulative exporter sends every series at each interval (a minute by default) for as long
/// as the agent runs, so only ended sessions go quiet that long.
/// </remarks>
internal sealed class UsageSeries
{
    /// <summary>How long a series may stay silent, in event time, before it is forgotten.</summary>
    public static readonly TimeSpan IdleHorizon = TimeSpan.FromHours(24);

    private const int PruneEvery = 4096;
    private readonly Dictionary<string, Last> _series = new(StringComparer.Ordinal);
    private DateTimeOffset _newest = DateTimeOffset.MinValue;
    private int _sincePrune;

    /// <summary>Series remembered.</summary>
    public int Count => _series.Count;

    /// <summary>The increment of an <c>agent:usage</c> event and whether it showed a restart or reset; null when unusable.</summary>
    public (double Delta, bool Reset)? Fold(in StoredEvent e)
    {
        var metadata = e.Metadata;
        if (metadata.Number("value"u8) is not { } value || value < 0 || !double.IsFinite(value))
        {
            return null;
        }

        if (!metadata.StringEquals("temporality"u8, "cumulative"u8))
        {
            return (value, false);
        }

        if (metadata.Text("series"u8) is not { } series)
        {
            return null;
        }

        var start = metadata.Text("startTime"u8) ?? string.Empty;
        Prune(e.Timestamp);
        if (!_series.TryGetValue(series, out var last))
        {
            _series[series] = new Last(start, value, e.Timestamp);
            return (value, false);
        }

        if (!string.Equals(last.Start, start, StringComparison.Ordinal) && e.Timestamp > last.Time)
        {
            _series[series] = new Last(start, value, e.Timestamp);
            return (value, true);
        }

        if (e.Timestamp <= last.Time || !string.Equals(last.Start, start, StringComparison.Ordinal))
        {
            return (0, false);
        }

        _series[series] = new Last(start, value, e.Timestamp);
        return value < last.Value ? (value, true) : (value - last.Value, false);
    }

    public void WriteTo(BinaryWriter writer)
    {
        writer.Write(_series.Count);
        foreach (var (series, last) in _series)
        {
            writer.Write(series);
            writer.Write(last.Start);
            writer.Write(last.Value);
            writer.Write(last.Time.UtcTicks);
        }

        writer.Write(_newest.UtcTicks);
        writer.Write(_sincePrune);
    }

    public void ReadFrom(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            var series = reader.ReadString();
            var start = reader.ReadString();
            var value = reader.ReadDouble();
            _series[series] = new Last(start, value, new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero));
        }

        _newest = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
        _sincePrune = reader.ReadInt32();
    }

    // In log order only, so a replay forgets exactly what the live run forgot.
    private void Prune(DateTimeOffset at)
    {
        if (at > _newest)
        {
            _newest = at;
        }

        if (++_sincePrune < PruneEvery)
        {
            return;
        }

        _sincePrune = 0;
        var horizon = _newest - IdleHorizon;
        foreach (var (series, last) in _series)
        {
            if (last.Time < horizon)
            {
                _series.Remove(series);
            }
        }
    }

    private readonly record struct Last(string Start, double Value, DateTimeOffset Time);
}
