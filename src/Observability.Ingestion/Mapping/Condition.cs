using Observability.Events;

namespace Observability.Ingestion.Mapping;

/// <summary>A rule's <c>when</c>: <c>path</c> (present), <c>path == literal</c> or <c>path != literal</c>.</summary>
internal sealed class Condition
{
    private readonly FieldPath _path;
    private readonly string? _literal;
    private readonly bool _negate;

    public Condition(string text)
    {
        var op = text.Contains("!=", StringComparison.Ordinal) ? "!=" : text.Contains("==", StringComparison.Ordinal) ? "==" : null;
        if (op is null)
        {
            _path = new FieldPath(text.Trim());
            return;
        }

        var parts = text.Split(op, 2, StringSplitOptions.TrimEntries);
        _path = new FieldPath(parts[0]);
        _literal = parts[1].Trim('\'');
        _negate = op == "!=";
    }

    /// <summary>Whether the condition reads a derived value.</summary>
    public bool UsesDerived => _path.IsDerived;

    public bool Holds(in StoredEvent e, in DerivedValues derived)
    {
        var value = _path.TextOf(e, derived);
        if (_literal is null)
        {
            return value is not null;
        }

        return string.Equals(value, _literal, StringComparison.Ordinal) != _negate;
    }
}
