using System.Globalization;
using System.Text.Json;
using Observability.Events;

namespace Observability.Ingestion.Mapping;

/// <summary>
/// A dotted path into an event (<c>metadata.taskType</c>, <c>agent.tokens.input</c>) or into the values
/// the sidecar derives (<c>derived.durationSeconds</c>).
/// </summary>
internal sealed class FieldPath
{
    private const string DerivedPrefix = "derived.";
    private readonly byte[][] _segments;
    private readonly DerivedField? _derived;

    // A catalogue field's documented maximum: ingestion refuses more, so only a log written before the bound holds such a
    // value, and a rule skips it as if it were absent.
    private readonly double _max = double.MaxValue;

    // Envelope fields the reader already parsed: mapping rules use them on most events, so no second lookup.
    private readonly EnvelopeText? _envelopeText;
    private readonly EnvelopeNumber? _envelopeNumber;

    public FieldPath(string path)
    {
        Text = path;
        if (path.StartsWith(DerivedPrefix, StringComparison.Ordinal))
        {
            _derived = Enum.TryParse<DerivedField>(path[DerivedPrefix.Length..], ignoreCase: true, out var field)
                ? field
                : throw new FormatException(
                    $"'{path}' names no derived value; known: {string.Join(", ", Enum.GetNames<DerivedField>().Select(n => DerivedPrefix + char.ToLowerInvariant(n[0]) + n[1..]))}");
            _segments = [];
        }
        else
        {
            var segments = path.Split('.');
            if (segments.Any(string.IsNullOrWhiteSpace))
            {
                throw new FormatException($"'{path}' is not a dotted field path");
            }

            _segments = [.. segments.Select(System.Text.Encoding.UTF8.GetBytes)];
            if (segments is ["metadata", var name])
            {
                _max = NumberLimits.MaxOf(name);
            }

            _envelopeText = path switch
            {
                "eventType" => static (in StoredEvent e) => e.EventType,
                "entityId" => static (in StoredEvent e) => e.EntityId,
                "chainId" => static (in StoredEvent e) => e.ChainId,
                "requestId" => static (in StoredEvent e) => e.RequestId,
                "agent.model" => static (in StoredEvent e) => e.Model,
                "agent.role" => static (in StoredEvent e) => e.Role,
                _ => null,
            };
            _envelopeNumber = path switch
            {
                "agent.tokens.input" => static (in StoredEvent e) => e.TokensInput,
                "agent.tokens.output" => static (in StoredEvent e) => e.TokensOutput,
                _ => null,
            };
        }
    }

    private delegate string? EnvelopeText(in StoredEvent e);

    private delegate long? EnvelopeNumber(in StoredEvent e);

    public string Text { get; }

    /// <summary>Whether the path names a derived value (<c>derived.*</c>).</summary>
    public bool IsDerived => _derived is not null;

    public bool TryNumber(in StoredEvent e, in DerivedValues derived, out double value)
    {
        if (_derived is { } field)
        {
            var number = derived.Number(field);
            value = number ?? 0;
            return number is not null;
        }

        if (_envelopeNumber is not null)
        {
            var whole = _envelopeNumber(e);
            value = whole ?? 0;
            return whole is not null;
        }

        value = 0;
        return e.TryGetPath(_segments, out var element) && element.TryGetDouble(out value) && Math.Abs(value) <= _max;
    }

    public string? TextOf(in StoredEvent e, in DerivedValues derived)
    {
        if (_derived is { } field)
        {
            return derived.Text(field);
        }

        if (_envelopeText is not null)
        {
            return _envelopeText(e);
        }

        if (_envelopeNumber is not null)
        {
            return _envelopeNumber(e)?.ToString(CultureInfo.InvariantCulture);
        }

        if (!e.TryGetPath(_segments, out var element))
        {
            return null;
        }

        return element.Kind switch
        {
            JsonTokenType.String => element.GetCachedString(),
            JsonTokenType.True => "true",
            JsonTokenType.False => "false",
            JsonTokenType.Number => element.TryGetDouble(out var d) ? d.ToString(CultureInfo.InvariantCulture) : System.Text.Encoding.UTF8.GetString(element.Raw),
            _ => null,
        };
    }
}
