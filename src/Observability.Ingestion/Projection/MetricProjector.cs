using Observability.Ingestion.Events;
using Observability.Ingestion.Mapping;
using Observability.Metrics;

namespace Observability.Ingestion.Projection;

/// <summary>Turns one stored event into metric updates: the mapping's rules plus the code-derived rates.</summary>
internal sealed class MetricProjector
{
    // A gauge series has no creation time in the snapshot.
    private const long NoCreationTime = long.MinValue;

    private readonly MetricMapping _mapping;
    private readonly DerivationState _derivation = new();
    private readonly AiSuccessRate? _aiSuccess;

    public MetricProjector(MetricRegistry registry, MetricMapping mapping)
    {
        _mapping = mapping;
        if (mapping.FamilyNames.Contains("ai_success_rate"))
        {
            _aiSuccess = new AiSuccessRate(registry.CreateGauge("ai_success_rate", "AI task success rate", "agent_type"));
        }
    }

    /// <summary>Task outcomes of the last 24 hours, for /health.</summary>
    public TaskDailySummary Daily { get; } = new();

    /// <summary>Task starts, pipeline stages, requests and defects waiting for their end event.</summary>
    public int OpenItems => _derivation.OpenItems;

    /// <summary>Writes everything the projection derived: open starts, the daily summary, success windows, and every mapped family's series.</summary>
    public void WriteTo(BinaryWriter writer)
    {
        _derivation.WriteTo(writer);
        Daily.WriteTo(writer);
        writer.Write(_aiSuccess is not null);
        _aiSuccess?.WriteTo(writer);
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

    /// <summary>Restores what <see cref="WriteTo"/> wrote into this fresh projection and its families.</summary>
    /// <exception cref="InvalidDataException">The state does not fit this mapping.</exception>
    public void ReadFrom(BinaryReader reader)
    {
        _derivation.ReadFrom(reader);
        Daily.ReadFrom(reader);
        if (reader.ReadBoolean() != (_aiSuccess is not null))
        {
            throw new InvalidDataException("The snapshot's success windows do not match the mapping.");
        }

        _aiSuccess?.ReadFrom(reader);
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

            family.ImportSeries(series);
        }
    }

    /// <param name="e">The stored event.</param>
    /// <param name="withExemplar">Attach the event id as an exemplar to the samples it updates.</param>
    public void Project(PipelineEvent e, bool withExemplar = true)
    {
        var derived = _derivation.Derive(e);
        var rules = _mapping.RulesFor(e.EventType);
        var exemplar = withExemplar && rules.Count > 0 ? Exemplar.Of("event_id", e.Id) : null;
        foreach (var rule in rules)
        {
            rule.Apply(e, derived, exemplar);
        }

        if (e.EventType is "task:completed" or "task:failed" && derived.Success is { } success)
        {
            _aiSuccess?.Record(derived.AgentType, success);
            Daily.Record(e.Timestamp, success, derived.DurationSeconds);
        }
    }
}
