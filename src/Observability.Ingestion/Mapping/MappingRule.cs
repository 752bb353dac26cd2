using System.Globalization;
using Observability.Events;
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

        UsesDerived = _valuePath is { IsDerived: true } || when is { UsesDerived: true } || labels.Any(l => l.UsesDerived);
    }

    public string EventType { get; }

    /// <summary>Whether the rule reads a derived value (its value, a label or its condition).</summary>
    public bool UsesDerived { get; }

    public void Apply(in StoredEvent e, in DerivedValues derived, Exemplar? exemplar)
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

        var labelValues = LabelBuffer(_labels.Length);
        for (var i = 0; i < _labels.Length; i++)
        {
            labelValues[i] = _labels[i].Evaluate(e, derived);
        }

        // The event id rides along as an exemplar, so a dashboard can jump from a sample to its event.
        switch (_family)
        {
            case CounterFamily counter when value >= 0 && double.IsFinite(value):
                var c = counter.WithLabels(labelValues);
                if (exemplar is null)
                {
                    c.Inc(value);
                }
                else
                {
                    c.Inc(value, exemplar);
                }

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
                var h = histogram.WithLabels(labelValues);
                if (exemplar is null)
                {
                    h.Observe(value);
                }
                else
                {
                    h.Observe(value, exemplar);
                }

                break;
        }
    }

    // One reusable buffer per thread and arity: label values only live until WithLabels returns.
    [ThreadStatic]
    private static string[]?[]? t_buffers;

    private static Span<string> LabelBuffer(int length)
    {
        var buffers = t_buffers ??= new string[]?[8];
        if (length >= buffers.Length)
        {
            return new string[length];
        }

        return buffers[length] ??= new string[length];
    }
}
