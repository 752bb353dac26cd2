using System.Globalization;
using Observability.Ingestion.Events;
using Observability.Metrics;

namespace Observability.Ingestion.Mapping;

/// <summary>A compiled rule: which family to update with which value and labels, on which events.</summary>
internal sealed class MappingRule
{
    private readonly MetricFamily _family;
    private readonly LabelExpression[] _labels;
    private readonly FieldPath? _valuePath;
    private readonly double _literal;
    private readonly Condition? _when;
    private readonly string _action;

    public MappingRule(string eventType, MetricFamily family, LabelExpression[] labels, string? value, Condition? when, string action)
    {
        EventType = eventType;
        _family = family;
        _labels = labels;
        _when = when;
        _action = action;
        if (value is null)
        {
            _literal = 1;
        }
        else if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            _literal = number;
        }
        else
        {
            _valuePath = new FieldPath(value);
        }
    }

    public string EventType { get; }

    public void Apply(PipelineEvent e, DerivedValues derived)
    {
        if (_when is not null && !_when.Holds(e, derived))
        {
            return;
        }

        var value = _literal;
        if (_valuePath is not null && !_valuePath.TryNumber(e, derived, out value))
        {
            return;
        }

        Span<string> labelValues = new string[_labels.Length];
        for (var i = 0; i < _labels.Length; i++)
        {
            labelValues[i] = _labels[i].Evaluate(e, derived);
        }

        // Each event id is attached as an exemplar, so a dashboard can jump from a sample to its event.
        switch (_family)
        {
            case CounterFamily counter when value >= 0 && double.IsFinite(value):
                counter.WithLabels(labelValues).Inc(value, Exemplar.Of("event_id", e.Id));
                break;
            case GaugeFamily gauge:
                var child = gauge.WithLabels(labelValues);
                switch (_action)
                {
                    case "inc": child.Inc(value); break;
                    case "dec": child.Dec(value); break;
                    default: child.Set(value); break;
                }

                break;
            case HistogramFamily histogram when double.IsFinite(value):
                histogram.WithLabels(labelValues).Observe(value, Exemplar.Of("event_id", e.Id));
                break;
        }
    }
}
