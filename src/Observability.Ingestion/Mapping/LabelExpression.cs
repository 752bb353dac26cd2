using Observability.Events;

namespace Observability.Ingestion.Mapping;

/// <summary>
/// A label's value: alternatives separated by <c>|</c>, the first that is present wins; a quoted
/// <c>'text'</c> is a literal. With no alternative present the value is <c>unknown</c>.
/// </summary>
internal sealed class LabelExpression
{
    private const string Missing = "unknown";
    private readonly (FieldPath? Path, string? Literal)[] _alternatives;

    public LabelExpression(string expression)
    {
        _alternatives =
        [
            .. expression.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(part =>
                part.Length >= 2 && part[0] == '\'' && part[^1] == '\''
                    ? ((FieldPath?)null, (string?)part[1..^1])
                    : (new FieldPath(part), null)),
        ];
        if (_alternatives.Length == 0)
        {
            throw new FormatException("a label expression needs at least one field path or 'literal'");
        }
    }

    /// <summary>Whether an alternative names a derived value.</summary>
    public bool UsesDerived => _alternatives.Any(a => a.Path is { IsDerived: true });

    public string Evaluate(in StoredEvent e, in DerivedValues derived)
    {
        foreach (var (path, literal) in _alternatives)
        {
            var value = literal ?? path!.TextOf(e, derived);
            if (!string.IsNullOrEmpty(value))
            {
                return value;
            }
        }

        return Missing;
    }
}
