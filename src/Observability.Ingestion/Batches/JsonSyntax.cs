using System.Text.Json;

namespace Observability.Ingestion.Batches;

/// <summary>
/// Checks that bytes are exactly one JSON value (RFC 8259, as <see cref="Utf8JsonReader"/> reads it with comments
/// disallowed and a maximum depth of 64) without throwing, and says where and why when they are not.
/// </summary>
/// <remarks>
/// The reader reports malformed input only by throwing; an exception costs microseconds, so a body of a hundred
/// thousand malformed lines would cost seconds of CPU in exceptions alone. This check is one pass over the bytes with
/// no allocation except the reason.
/// </remarks>
internal static class JsonSyntax
{
    /// <summary>The reader's default maximum depth, which the splitter and the parser use.</summary>
    public const int MaxDepth = 64;

    /// <summary>The outcome: the top-level value's kind when well formed, else where and why not.</summary>
    /// <param name="Kind">The top-level value's kind; <see cref="JsonValueKind.Undefined"/> when malformed.</param>
    /// <param name="Position">Zero-based byte offset of the problem.</param>
    /// <param name="Problem">What is wrong, or null.</param>
    public readonly record struct Result(JsonValueKind Kind, int Position, string? Problem)
    {
        /// <summary>The reason an item is rejected with, or null when well formed.</summary>
        public string? Reason => Problem is null ? null : $"malformed JSON at byte {Position + 1}: {Problem}";
    }

    /// <summary>Checks <paramref name="json"/>.</summary>
    public static Result Check(ReadOnlySpan<byte> json)
    {
        var scanner = new Scanner(json);
        var start = scanner.SkipWhiteSpace();
        if (start >= json.Length)
        {
            return new Result(JsonValueKind.Undefined, start, "the item is empty");
        }

        var kind = KindOf(json[start]);
        if (!scanner.Value(0))
        {
            return new Result(JsonValueKind.Undefined, scanner.Position, scanner.Problem);
        }

        var end = scanner.SkipWhiteSpace();
        return end < json.Length
            ? new Result(JsonValueKind.Undefined, end, "unexpected data after the value")
            : new Result(kind, 0, null);
    }

    /// <summary>The kind of a well-formed value from its first byte.</summary>
    public static JsonValueKind KindOf(byte first) => first switch
    {
        (byte)'{' => JsonValueKind.Object,
        (byte)'[' => JsonValueKind.Array,
        (byte)'"' => JsonValueKind.String,
        (byte)'t' => JsonValueKind.True,
        (byte)'f' => JsonValueKind.False,
        (byte)'n' => JsonValueKind.Null,
        (byte)'-' or (>= (byte)'0' and <= (byte)'9') => JsonValueKind.Number,
        _ => JsonValueKind.Undefined,
    };

    private ref struct Scanner(ReadOnlySpan<byte> json)
    {
        private readonly ReadOnlySpan<byte> _json = json;

        public int Position { get; private set; }

        public string? Problem { get; private set; }

        public int SkipWhiteSpace()
        {
            while (Position < _json.Length && _json[Position] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
            {
                Position++;
            }

            return Position;
        }

        // Depth counts open objects and arrays, as the reader's CurrentDepth does.
        public bool Value(int depth)
        {
            SkipWhiteSpace();
            if (Position >= _json.Length)
            {
                return Fail("the value is missing (the item ends too early)");
            }

            switch (_json[Position])
            {
                case (byte)'{':
                    return depth >= MaxDepth ? Fail($"nested deeper than {MaxDepth} levels") : Object(depth + 1);
                case (byte)'[':
                    return depth >= MaxDepth ? Fail($"nested deeper than {MaxDepth} levels") : Array(depth + 1);
                case (byte)'"':
                    return String();
                case (byte)'t':
                    return Literal("true"u8);
                case (byte)'f':
                    return Literal("false"u8);
                case (byte)'n':
                    return Literal("null"u8);
                case (byte)'-' or (>= (byte)'0' and <= (byte)'9'):
                    return Number();
                default:
                    return Fail($"{Describe(_json[Position])} cannot start a value");
            }
        }

        private bool Object(int depth)
        {
            Position++;
            SkipWhiteSpace();
            if (Position < _json.Length && _json[Position] == '}')
            {
                Position++;
                return true;
            }

            while (true)
            {
                SkipWhiteSpace();
                if (Position >= _json.Length)
                {
                    return Fail("the object is not closed (the item ends too early)");
                }

                if (_json[Position] != '"')
                {
                    return Fail($"expected a property name in double quotes, found {Describe(_json[Position])}");
                }

                if (!String())
                {
                    return false;
                }

                SkipWhiteSpace();
                if (Position >= _json.Length || _json[Position] != ':')
                {
                    return Fail(Position >= _json.Length ? "the object is not closed (the item ends too early)" : $"expected ':' after a property name, found {Describe(_json[Position])}");
                }

                Position++;
                if (!Value(depth))
                {
                    return false;
                }

                SkipWhiteSpace();
                if (Position >= _json.Length)
                {
                    return Fail("the object is not closed (the item ends too early)");
                }

                if (_json[Position] == '}')
                {
                    Position++;
                    return true;
                }

                if (_json[Position] != ',')
                {
                    return Fail($"expected ',' or '}}' in an object, found {Describe(_json[Position])}");
                }

                Position++;
            }
        }

        private bool Array(int depth)
        {
            Position++;
            SkipWhiteSpace();
            if (Position < _json.Length && _json[Position] == ']')
            {
                Position++;
                return true;
            }

            while (true)
            {
                if (!Value(depth))
                {
                    return false;
                }

                SkipWhiteSpace();
                if (Position >= _json.Length)
                {
                    return Fail("the array is not closed (the item ends too early)");
                }

                if (_json[Position] == ']')
                {
                    Position++;
                    return true;
                }

                if (_json[Position] != ',')
                {
                    return Fail($"expected ',' or ']' in an array, found {Describe(_json[Position])}");
                }

                Position++;
            }
        }

        private bool String()
        {
            Position++;
            while (true)
            {
                // Linear: each step looks only as far as the next quote or backslash.
                var rest = _json[Position..];
                var stop = rest.IndexOfAny((byte)'"', (byte)'\\');
                var control = (stop < 0 ? rest : rest[..stop]).IndexOfAnyInRange((byte)0, (byte)0x1F);
                if (control >= 0)
                {
                    Position += control;
                    return Fail($"a string holds the control character {Describe(_json[Position])}; escape it");
                }

                if (stop < 0)
                {
                    Position = _json.Length;
                    return Fail("a string is not closed (the item ends too early)");
                }

                Position += stop;
                if (_json[Position] == '"')
                {
                    Position++;
                    return true;
                }

                // A backslash: one of the escapes JSON defines.
                Position++;
                if (Position >= _json.Length)
                {
                    return Fail("a string is not closed (the item ends too early)");
                }

                switch (_json[Position])
                {
                    case (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t':
                        Position++;
                        break;
                    case (byte)'u':
                        for (var i = 1; i <= 4; i++)
                        {
                            if (Position + i >= _json.Length || !IsHex(_json[Position + i]))
                            {
                                Position += Math.Min(i, _json.Length - Position);
                                return Fail("a \\u escape needs four hexadecimal digits");
                            }
                        }

                        Position += 5;
                        break;
                    default:
                        return Fail($"'\\{(char)_json[Position]}' is not an escape JSON defines");
                }
            }
        }

        private bool Literal(ReadOnlySpan<byte> literal)
        {
            if (!_json[Position..].StartsWith(literal))
            {
                return Fail($"expected '{System.Text.Encoding.ASCII.GetString(literal)}'");
            }

            Position += literal.Length;
            return EndOfToken();
        }

        private bool Number()
        {
            if (_json[Position] == '-')
            {
                Position++;
            }

            if (Position >= _json.Length || !IsDigit(_json[Position]))
            {
                return Fail("a number needs a digit here");
            }

            if (_json[Position] == '0')
            {
                Position++;
            }
            else
            {
                Digits();
            }

            if (Position < _json.Length && _json[Position] == '.')
            {
                Position++;
                if (Position >= _json.Length || !IsDigit(_json[Position]))
                {
                    return Fail("a number needs a digit after the decimal point");
                }

                Digits();
            }

            if (Position < _json.Length && _json[Position] is (byte)'e' or (byte)'E')
            {
                Position++;
                if (Position < _json.Length && _json[Position] is (byte)'+' or (byte)'-')
                {
                    Position++;
                }

                if (Position >= _json.Length || !IsDigit(_json[Position]))
                {
                    return Fail("a number needs a digit in its exponent");
                }

                Digits();
            }

            return EndOfToken();
        }

        // A literal or number must be followed by a delimiter, as the reader requires ("1x" and "truex" are errors).
        private bool EndOfToken() =>
            Position >= _json.Length
            || _json[Position] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)',' or (byte)']' or (byte)'}'
            || Fail($"{Describe(_json[Position])} cannot follow a value");

        private void Digits()
        {
            while (Position < _json.Length && IsDigit(_json[Position]))
            {
                Position++;
            }
        }

        private bool Fail(string problem)
        {
            Problem = problem;
            return false;
        }

        private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

        private static bool IsHex(byte b) => b is (>= (byte)'0' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f') or (>= (byte)'A' and <= (byte)'F');

        private static string Describe(byte b) => b is >= 0x21 and < 0x7F ? $"'{(char)b}'" : $"byte 0x{b:X2}";
    }
}
