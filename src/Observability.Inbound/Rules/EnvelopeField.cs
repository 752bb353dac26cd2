using System.Text.Json;
using Observability.Events;
using Observability.Inbound.Expressions;

namespace Observability.Inbound.Rules;

/// <summary>
/// The envelope a rule writes, as a tree of field names: a leaf holds an expression, an inner node an object. Absent leaves
/// are left out, and so is an object none of whose leaves is present, so a rule never writes <c>"agent": {}</c>.
/// </summary>
internal sealed class EnvelopeField
{
    private readonly List<EnvelopeField> _children = [];
    private Expression? _expression;
    private int _slot = -1;

    private EnvelopeField(string name)
    {
        Name = name;
        EncodedName = JsonEncodedText.Encode(name, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
    }

    public string Name { get; }

    // Encoded once, when the rule loads, rather than transcoded and escaped for every envelope written.
    private JsonEncodedText EncodedName { get; }

    public static EnvelopeField Root() => new("");

    /// <summary>Adds the leaf at a dotted path; returns the next free value slot.</summary>
    public int Add(string path, Expression expression, int slot)
    {
        var node = this;
        var segments = path.Split('.');
        foreach (var segment in segments)
        {
            if (string.IsNullOrWhiteSpace(segment))
            {
                throw new FormatException($"'{path}' is not a dotted envelope path");
            }

            if (node._expression is not null)
            {
                throw new FormatException($"'{path}' is inside '{node.Name}', which already has a value");
            }

            var child = node._children.Find(c => c.Name == segment);
            if (child is null)
            {
                child = new EnvelopeField(segment);
                node._children.Add(child);
            }

            node = child;
        }

        if (node._expression is not null || node._children.Count > 0)
        {
            throw new FormatException($"'{path}' is given twice or also has fields inside it");
        }

        node._expression = expression;
        node._slot = slot;
        return slot + 1;
    }

    public bool Has(string path)
    {
        var node = this;
        foreach (var segment in path.Split('.'))
        {
            node = node._children.Find(c => c.Name == segment);
            if (node is null)
            {
                return false;
            }
        }

        return true;
    }

    public void Evaluate(InboundDocument document, Value[] values)
    {
        if (_expression is not null)
        {
            values[_slot] = _expression.Evaluate(document);
        }

        foreach (var child in _children)
        {
            child.Evaluate(document, values);
        }
    }

    /// <summary>Writes the present children, each recorded in <paramref name="layout"/>.</summary>
    public void WriteChildren(Utf8JsonWriter writer, Value[] values, EventLayoutRecorder layout)
    {
        foreach (var child in _children)
        {
            if (!child.AnyPresent(values))
            {
                continue;
            }

            writer.WritePropertyName(child.EncodedName);
            var entry = layout.Value(writer);
            if (child._expression is not null)
            {
                values[child._slot].WriteTo(writer);
            }
            else
            {
                writer.WriteStartObject();
                child.WriteChildren(writer, values, layout);
                writer.WriteEndObject();
            }

            layout.End(entry, writer);
        }
    }

    // A loop, not List.Exists: a predicate capturing the values was a closure and a delegate per field per envelope.
    private bool AnyPresent(Value[] values)
    {
        if (_expression is not null)
        {
            return values[_slot].IsPresent;
        }

        foreach (var child in _children)
        {
            if (child.AnyPresent(values))
            {
                return true;
            }
        }

        return false;
    }
}
