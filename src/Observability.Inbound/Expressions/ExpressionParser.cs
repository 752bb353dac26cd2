using System.Globalization;

namespace Observability.Inbound.Expressions;

/// <summary>
/// Parses a rule's expressions and conditions:
/// <code>
/// condition   := '!' primary | expression
/// expression  := alternatives (('==' | '!=') literal | 'in' '[' literal (',' literal)* ']')?
/// alternatives:= primary ('|' primary)*
/// primary     := 'text' | number | true | false | name '(' expression (',' expression)* ')' | path
/// </code>
/// </summary>
internal sealed class ExpressionParser
{
    private readonly string _text;
    private int _position;

    private ExpressionParser(string text) => _text = text;

    public static Expression ParseExpression(string text)
    {
        var parser = new ExpressionParser(text);
        var expression = parser.Expression();
        parser.End();
        return expression;
    }

    public static Expression ParseCondition(string text)
    {
        var parser = new ExpressionParser(text);
        parser.SkipSpace();
        Expression condition;
        if (parser.Peek() == '!' && parser.PeekAt(1) != '=')
        {
            parser._position++;
            condition = new AbsentExpression(parser.Primary());
        }
        else
        {
            condition = parser.Expression();
        }

        parser.End();
        return condition;
    }

    private Expression Expression()
    {
        var left = Alternatives();
        SkipSpace();
        if (Accept("=="))
        {
            return new ComparisonExpression(left, [LiteralText()], negate: false);
        }

        if (Accept("!="))
        {
            return new ComparisonExpression(left, [LiteralText()], negate: true);
        }

        if (AcceptWord("in"))
        {
            Expect('[');
            var candidates = new List<string> { LiteralText() };
            while (Accept(","))
            {
                candidates.Add(LiteralText());
            }

            Expect(']');
            return new ComparisonExpression(left, [.. candidates], negate: false);
        }

        return left;
    }

    private Expression Alternatives()
    {
        var first = Primary();
        var alternatives = new List<Expression> { first };
        while (Accept("|"))
        {
            alternatives.Add(Primary());
        }

        return alternatives.Count == 1 ? first : new AlternativesExpression([.. alternatives]);
    }

    private Expression Primary()
    {
        SkipSpace();
        var c = Peek();
        if (c == '\'')
        {
            return new LiteralExpression(Value.Text(QuotedText()) is { IsPresent: true } text ? text : Value.Absent);
        }

        if (char.IsAsciiDigit(c) || (c == '-' && char.IsAsciiDigit(PeekAt(1))))
        {
            return new LiteralExpression(Value.Number(NumberLiteral()));
        }

        var word = Word();
        if (word.Length == 0)
        {
            throw Error(c == '\0' ? "an expression ends where a value was expected" : $"unexpected '{c}'");
        }

        SkipSpace();
        if (Peek() == '(')
        {
            _position++;
            if (!Functions.All.TryGetValue(word, out var function))
            {
                throw Error($"'{word}' is not a function; known: {string.Join(", ", Functions.All.Keys)}");
            }

            var arguments = new List<Expression> { Expression() };
            while (Accept(","))
            {
                arguments.Add(Expression());
            }

            Expect(')');
            if (arguments.Count < function.Min || arguments.Count > function.Max)
            {
                throw Error($"{word}() takes {(function.Min == function.Max ? function.Min.ToString(CultureInfo.InvariantCulture) : $"{function.Min} to {function.Max}")} argument(s), not {arguments.Count}");
            }

            // A literal table is parsed once here rather than on every record.
            if (word == "lookup" && arguments[1] is LiteralExpression { Value: var table } && table.AsText() is { } text)
            {
                var (entries, fallback) = Functions.Table(text);
                return new LookupExpression(arguments[0], entries, fallback);
            }

            return new FunctionExpression(word, [.. arguments], function.Call);
        }

        return word switch
        {
            "true" => new LiteralExpression(Value.Boolean(true)),
            "false" => new LiteralExpression(Value.Boolean(false)),
            _ => new PathExpression(new DocumentPath(word)),
        };
    }

    private string LiteralText()
    {
        SkipSpace();
        var c = Peek();
        if (c == '\'')
        {
            return QuotedText();
        }

        if (char.IsAsciiDigit(c) || c == '-')
        {
            return Value.Number(NumberLiteral()).AsText()!;
        }

        var word = Word();
        return word is "true" or "false" ? word : throw Error("a comparison needs a literal: 'text', a number, true or false");
    }

    private string QuotedText()
    {
        _position++;
        var builder = new System.Text.StringBuilder();
        while (true)
        {
            if (_position >= _text.Length)
            {
                throw Error("a quoted literal is not closed");
            }

            var c = _text[_position++];
            if (c == '\'')
            {
                // '' inside quotes is one quote.
                if (Peek() == '\'')
                {
                    builder.Append('\'');
                    _position++;
                    continue;
                }

                return builder.ToString();
            }

            builder.Append(c);
        }
    }

    private double NumberLiteral()
    {
        var start = _position;
        if (Peek() == '-')
        {
            _position++;
        }

        while (char.IsAsciiDigit(Peek()) || Peek() is '.' or 'e' or 'E')
        {
            _position++;
        }

        return double.TryParse(_text.AsSpan(start, _position - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw Error($"'{_text[start.._position]}' is not a number");
    }

    private string Word()
    {
        SkipSpace();
        var start = _position;
        while (_position < _text.Length && (char.IsAsciiLetterOrDigit(_text[_position]) || _text[_position] is '_' or '.' or '-' or '$' or '@'))
        {
            _position++;
        }

        return _text[start.._position];
    }

    private bool AcceptWord(string word)
    {
        SkipSpace();
        var end = _position + word.Length;
        if (string.CompareOrdinal(_text, _position, word, 0, word.Length) == 0 && (end >= _text.Length || !char.IsAsciiLetterOrDigit(_text[end])))
        {
            _position = end;
            return true;
        }

        return false;
    }

    private bool Accept(string symbol)
    {
        SkipSpace();
        if (string.CompareOrdinal(_text, _position, symbol, 0, symbol.Length) == 0)
        {
            _position += symbol.Length;
            return true;
        }

        return false;
    }

    private void Expect(char symbol)
    {
        if (!Accept(symbol.ToString()))
        {
            throw Error($"'{symbol}' expected");
        }
    }

    private void End()
    {
        SkipSpace();
        if (_position < _text.Length)
        {
            throw Error($"unexpected '{_text[_position..]}'");
        }
    }

    private void SkipSpace()
    {
        while (_position < _text.Length && char.IsWhiteSpace(_text[_position]))
        {
            _position++;
        }
    }

    private char Peek() => _position < _text.Length ? _text[_position] : '\0';

    private char PeekAt(int offset) => _position + offset < _text.Length ? _text[_position + offset] : '\0';

    private FormatException Error(string reason) => new($"'{_text}' at column {_position + 1}: {reason}");
}
