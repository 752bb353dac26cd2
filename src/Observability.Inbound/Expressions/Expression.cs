
namespace Observability.Inbound.Expressions;

/// <summary>A compiled expression of a rule: evaluated against one source document.</summary>
internal abstract class Expression
{
    public abstract Value Evaluate(InboundDocument document);

    /// <summary>Parses <paramref name="text"/>; a <see cref="FormatException"/> says where and why it is not an expression.</summary>
    public static Expression Parse(string text) => ExpressionParser.ParseExpression(text);
}

/// <summary>A value from the document.</summary>
internal sealed class PathExpression(DocumentPath path) : Expression
{
    public DocumentPath Path { get; } = path;

    public override Value Evaluate(InboundDocument document) => document.Find(Path);
}

/// <summary>A literal: 'text', a number, true or false.</summary>
internal sealed class LiteralExpression(Value value) : Expression
{
    public Value Value { get; } = value;

    public override Value Evaluate(InboundDocument document) => Value;
}

/// <summary><c>a | b | 'c'</c>: the first alternative that is present.</summary>
internal sealed class AlternativesExpression(Expression[] alternatives) : Expression
{
    public override Value Evaluate(InboundDocument document)
    {
        foreach (var alternative in alternatives)
        {
            var value = alternative.Evaluate(document);
            if (value.IsPresent)
            {
                return value;
            }
        }

        return Value.Absent;
    }
}

/// <summary><c>x == 'lit'</c>, <c>x != 'lit'</c>, <c>x in ['a', 'b']</c>: true or false, compared as text.</summary>
/// <remarks>
/// As text, so that <c>success == true</c> holds for a JSON <c>true</c> and for OpenTelemetry's string attribute
/// <c>"true"</c>, and <c>status == 200</c> for 200 and "200": sources disagree about types more than about values.
/// An absent left side is not equal to anything.
/// </remarks>
internal sealed class ComparisonExpression(Expression left, string[] candidates, bool negate) : Expression
{
    /// <summary>
    /// The path and the texts a document's value at it must equal for this to hold: set for <c>path == 'lit'</c> and
    /// <c>path in [...]</c>, null for anything else.
    /// </summary>
    public (string Path, string[] Texts)? Equality => !negate && left is PathExpression path ? (path.Path.Text, candidates) : null;

    public override Value Evaluate(InboundDocument document)
    {
        var value = left.Evaluate(document);
        var equal = false;
        if (value.IsPresent)
        {
            foreach (var candidate in candidates)
            {
                if (value.TextEquals(candidate))
                {
                    equal = true;
                    break;
                }
            }
        }

        return Value.Boolean(equal != negate);
    }
}

/// <summary><c>!x</c> in a condition: true when x is absent.</summary>
internal sealed class AbsentExpression(Expression operand) : Expression
{
    public override Value Evaluate(InboundDocument document) => Value.Boolean(!operand.Evaluate(document).IsPresent);
}

/// <summary>A function call such as <c>ms(attributes.duration_ms)</c>.</summary>
internal sealed class FunctionExpression(string name, Expression[] arguments, Func<ReadOnlySpan<Value>, Value> function) : Expression
{
    public string Name { get; } = name;

    public override Value Evaluate(InboundDocument document)
    {
        // On the stack: a rule evaluates several calls per envelope, and an array each was most of what it allocated.
        var buffer = default(Arguments);
        Span<Value> values = buffer;
        values = values[..arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            values[i] = arguments[i].Evaluate(document);
        }

        return function(values);
    }

    [System.Runtime.CompilerServices.InlineArray(Functions.MaxArguments)]
    private struct Arguments
    {
        private Value _first;
    }
}

/// <summary><c>lookup(x, 'k1=v1;k2=v2;*=other')</c> with its table parsed once, when the rule is loaded.</summary>
internal sealed class LookupExpression(Expression key, (string From, Value To)[] entries, Value fallback) : Expression
{
    public override Value Evaluate(InboundDocument document)
    {
        var value = key.Evaluate(document);
        if (value.IsPresent)
        {
            foreach (var (from, to) in entries)
            {
                if (value.TextEquals(from))
                {
                    return to;
                }
            }
        }

        return fallback;
    }
}
