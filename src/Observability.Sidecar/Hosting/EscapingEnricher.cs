using Serilog.Core;
using Serilog.Events;

namespace Observability.Sidecar.Hosting;

/// <summary>
/// Escapes control characters in every string a log event carries (<see cref="LogText.Escape"/>), nested values
/// included, so that a value taken from an event (a project name, an id) can neither start a forged log line nor
/// send terminal escape sequences. Used for the text output; JSON output escapes by its own rules.
/// </summary>
internal sealed class EscapingEnricher : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        List<LogEventProperty>? changed = null;
        foreach (var (name, value) in logEvent.Properties)
        {
            var escaped = Escape(value);
            if (!ReferenceEquals(escaped, value))
            {
                (changed ??= []).Add(new LogEventProperty(name, escaped));
            }
        }

        if (changed is not null)
        {
            foreach (var property in changed)
            {
                logEvent.AddOrUpdateProperty(property);
            }
        }
    }

    // The same instance when nothing needed escaping, so the common case allocates nothing.
    private static LogEventPropertyValue Escape(LogEventPropertyValue value)
    {
        switch (value)
        {
            case ScalarValue { Value: string text }:
                var escaped = LogText.Escape(text);
                return ReferenceEquals(escaped, text) ? value : new ScalarValue(escaped);
            case SequenceValue sequence:
                var elements = sequence.Elements.Select(Escape).ToList();
                return elements.SequenceEqual(sequence.Elements, ReferenceEqualityComparer.Instance) ? value : new SequenceValue(elements);
            case StructureValue structure:
                var properties = structure.Properties.Select(p => new { p.Name, Value = Escape(p.Value), p }).ToList();
                return properties.All(p => ReferenceEquals(p.Value, p.p.Value))
                    ? value
                    : new StructureValue(properties.Select(p => new LogEventProperty(p.Name, p.Value)), structure.TypeTag is null ? null : LogText.Escape(structure.TypeTag));
            case DictionaryValue dictionary:
                var entries = dictionary.Elements.Select(e => (Key: (ScalarValue)Escape(e.Key), Value: Escape(e.Value), Old: e)).ToList();
                return entries.All(e => ReferenceEquals(e.Key, e.Old.Key) && ReferenceEquals(e.Value, e.Old.Value))
                    ? value
                    : new DictionaryValue(entries.Select(e => new KeyValuePair<ScalarValue, LogEventPropertyValue>(e.Key, e.Value)));
            default:
                return value;
        }
    }
}
