using Observability.Events;
using Observability.Ingestion.Mapping;
using Observability.Metrics;
using Observability.Projections;

namespace Observability.Ingestion.Projection;

/// <summary>
/// The mapped metrics as a projection: each event's mapping rules, with the values derived from earlier events
/// (durations from their start events, a work item's first merge). Its state is every mapped family's series and the
/// open starts, so a restart restores the counters instead of counting the log again.
/// </summary>
internal sealed class MetricsProjection : IProjection
{
    // A gauge series has no creation time in the snapshot.
    private const long NoCreationTime = long.MinValue;

    private readonly MetricMapping _mapping;
    private readonly DerivationState _derivation = new();

    /// <param name="mapping">The mapping; its families must be registered in <paramref name="registry"/>.</param>
    /// <param name="registry">Where the families are: its namespace and limits shape the series the state holds.</param>
    public MetricsProjection(MetricMapping mapping, MetricRegistry registry)
    {
        _mapping = mapping ?? throw new ArgumentNullException(nameof(mapping));
        ArgumentNullException.ThrowIfNull(registry);
        var options = registry.Options;
        Settings = $"{mapping.Fingerprint}|{options.Namespace}|{options.MaxSeriesPerFamily}|{options.MaxLabelValueLength}";
    }

    /// <inheritdoc />
    public string Name => "metrics";

    /// <inheritdoc />
    public int Version => 2;

    /// <inheritdoc />
    public string Settings { get; }

    /// <summary>
    /// Attach the event id as an exemplar to the samples each event updates. Off during start-up: a replayed event's
    /// exemplar would only be overwritten by the next live ones.
    /// </summary>
    public bool Exemplars { get; set; }

    /// <summary>Runs before each event's metric updates; tests use it to make one fail.</summary>
    internal Action<StoredEvent>? BeforeApply { get; set; }

    /// <summary>Task starts, pipeline stages, requests and defects waiting for their end event.</summary>
    public int OpenItems => _derivation.OpenItems;

    /// <inheritdoc />
    public void Apply(in StoredEvent e)
    {
        BeforeApply?.Invoke(e);
        var rules = _mapping.RulesFor(e.EventType, out var usesDerived);

        // Always derived, for the state (open starts, merges, usage series); the values only when a rule reads them.
        var derived = _derivation.Derive(e, usesDerived);
        var exemplar = Exemplars && rules.Count > 0 ? Exemplar.Of("event_id", e.Id) : null;
        for (var i = 0; i < rules.Count; i++)
        {
            rules[i].Apply(e, derived, exemplar);
        }
    }

    /// <inheritdoc />
    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _derivation.WriteTo(writer);
        writer.Write(_mapping.Families.Count);
        foreach (var family in _mapping.Families)
        {
            writer.Write(family.Name);
            var series = family.ExportSeries();
            writer.Write(series.Count);
            foreach (var one in series)
            {
                writer.Write(one.IsOverflow);
                writer.Write(one.LabelValues.Count);
                foreach (var value in one.LabelValues)
                {
                    writer.Write(value);
                }

                writer.Write(one.Value);
                writer.Write(one.BucketCounts?.Length ?? -1);
                foreach (var count in one.BucketCounts ?? [])
                {
                    writer.Write(count);
                }

                // The creation time too: a restored counter keeps the time its total counts from (OpenMetrics' _created).
                writer.Write(one.Created is { } created ? created.ToUnixTimeMilliseconds() : NoCreationTime);
            }
        }
    }

    /// <inheritdoc />
    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _derivation.ReadFrom(reader);
        var families = reader.ReadInt32();
        if (families != _mapping.Families.Count)
        {
            throw new InvalidDataException($"The snapshot has {families} metric families, the mapping {_mapping.Families.Count}.");
        }

        foreach (var family in _mapping.Families)
        {
            var name = reader.ReadString();
            if (name != family.Name)
            {
                throw new InvalidDataException($"The snapshot has family '{name}' where the mapping has '{family.Name}'.");
            }

            var count = reader.ReadInt32();
            var series = new List<SeriesState>(count);
            for (var i = 0; i < count; i++)
            {
                var overflow = reader.ReadBoolean();
                var labels = new string[reader.ReadInt32()];
                for (var l = 0; l < labels.Length; l++)
                {
                    labels[l] = reader.ReadString();
                }

                var value = reader.ReadDouble();
                var buckets = reader.ReadInt32();
                long[]? counts = buckets < 0 ? null : new long[buckets];
                for (var b = 0; b < buckets; b++)
                {
                    counts![b] = reader.ReadInt64();
                }

                var createdMilliseconds = reader.ReadInt64();
                DateTimeOffset? created = createdMilliseconds == NoCreationTime ? null : DateTimeOffset.FromUnixTimeMilliseconds(createdMilliseconds);
                series.Add(new SeriesState(labels, overflow, value, counts, created));
            }

            // Replaced, not added to: a refresh restores into families that already count the log.
            family.ReplaceSeries(series);
        }
    }
}
