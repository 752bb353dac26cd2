using Observability.Metrics;

namespace Observability.Ingestion.Projection;

/// <summary>
/// Seed 001's <c>ai_success_rate{agent_type}</c>: successful task outcomes over all task outcomes
/// (<c>task:completed</c> counts as success unless <c>metadata.success</c> is false; <c>task:failed</c>
/// is a failure) among each agent type's last <see cref="Window"/> outcomes. A count window, not a
/// time window, so replaying the log gives the same value.
/// </summary>
internal sealed class AiSuccessRate(GaugeFamily gauge)
{
    public const int Window = 100;

    private readonly Dictionary<string, Ring> _byAgent = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public void Record(string agentType, bool success)
    {
        double rate;
        lock (_lock)
        {
            if (!_byAgent.TryGetValue(agentType, out var ring))
            {
                _byAgent[agentType] = ring = new Ring();
            }

            rate = ring.Add(success);
        }

        gauge.WithLabels(agentType).Set(rate);
    }

    /// <summary>Writes each agent type's window; the gauge's values travel with the metric families.</summary>
    public void WriteTo(BinaryWriter writer)
    {
        lock (_lock)
        {
            writer.Write(_byAgent.Count);
            foreach (var (agent, ring) in _byAgent)
            {
                writer.Write(agent);
                ring.WriteTo(writer);
            }
        }
    }

    /// <summary>Replaces the windows with those written by <see cref="WriteTo"/>.</summary>
    public void ReadFrom(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        lock (_lock)
        {
            _byAgent.Clear();
            for (var i = 0; i < count; i++)
            {
                var agent = reader.ReadString();
                _byAgent[agent] = Ring.ReadFrom(reader);
            }
        }
    }

    private sealed class Ring
    {
        private readonly bool[] _outcomes = new bool[Window];
        private int _next;
        private int _count;
        private int _successes;

        public double Add(bool success)
        {
            if (_count == Window && _outcomes[_next])
            {
                _successes--;
            }

            _outcomes[_next] = success;
            _successes += success ? 1 : 0;
            _next = (_next + 1) % Window;
            _count = Math.Min(_count + 1, Window);
            return (double)_successes / _count;
        }

        public static Ring ReadFrom(BinaryReader reader)
        {
            var ring = new Ring { _next = reader.ReadInt32(), _count = reader.ReadInt32() };
            if (ring._next is < 0 or >= Window || ring._count is < 0 or > Window)
            {
                throw new InvalidDataException("The snapshot's success window is out of range.");
            }

            for (var i = 0; i < Window; i++)
            {
                ring._outcomes[i] = reader.ReadBoolean();
            }

            // Recounted rather than read, so the window and its count cannot disagree.
            ring._successes = ring._outcomes.Count(o => o);
            return ring;
        }

        public void WriteTo(BinaryWriter writer)
        {
            writer.Write(_next);
            writer.Write(_count);
            foreach (var outcome in _outcomes)
            {
                writer.Write(outcome);
            }
        }
    }
}
