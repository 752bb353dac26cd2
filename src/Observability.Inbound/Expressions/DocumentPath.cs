using System.Globalization;
using System.Text.Json;

namespace Observability.Inbound.Expressions;

/// <summary>
/// A dotted path into a source document, looked up greedily: at each object the longest key that matches the remaining
/// segments joined by dots wins, so <c>attributes.session.id</c> finds OpenTelemetry's <c>"session.id"</c> attribute
/// inside <c>attributes</c>; an array's element is a number segment (<c>workflow_runs.0.id</c>).
/// </summary>
internal sealed class DocumentPath
{
    private readonly string[] _segments;

    // _keys[start][end - start - 1]: the segments start..end-1 joined by dots, made once so a lookup allocates nothing;
    // _utf8Keys the same as UTF-8, for documents that compare keys as bytes.
    private readonly string[][] _keys;
    private readonly byte[][][] _utf8Keys;

    public DocumentPath(string text)
    {
        _segments = text.Split('.');
        if (_segments.Any(string.IsNullOrWhiteSpace))
        {
            throw new FormatException($"'{text}' is not a dotted path");
        }

        _keys = new string[_segments.Length][];
        _utf8Keys = new byte[_segments.Length][][];
        for (var start = 0; start < _segments.Length; start++)
        {
            _keys[start] = new string[_segments.Length - start];
            _utf8Keys[start] = new byte[_segments.Length - start][];
            for (var end = start + 1; end <= _segments.Length; end++)
            {
                _keys[start][end - start - 1] = string.Join('.', _segments, start, end - start);
                _utf8Keys[start][end - start - 1] = System.Text.Encoding.UTF8.GetBytes(_keys[start][end - start - 1]);
            }
        }

        Text = text;
    }

    public string Text { get; }

    /// <summary>The number of segments.</summary>
    public int Length => _segments.Length;

    /// <summary>Segment <paramref name="index"/>.</summary>
    public string Segment(int index) => _segments[index];

    /// <summary>Segments <paramref name="start"/> to <paramref name="end"/> (exclusive) joined by dots: a key to try.</summary>
    public string Key(int start, int end) => _keys[start][end - start - 1];

    /// <summary><see cref="Key"/> as UTF-8.</summary>
    public ReadOnlySpan<byte> Utf8Key(int start, int end) => _utf8Keys[start][end - start - 1];

    /// <summary>Segment <paramref name="start"/> as an array index.</summary>
    public bool TryIndex(int start, out int index) =>
        int.TryParse(_segments[start], NumberStyles.None, CultureInfo.InvariantCulture, out index);

    public JsonElement Find(JsonElement document) => Find(document, 0);

    private JsonElement Find(JsonElement node, int start)
    {
        if (start == _segments.Length)
        {
            return node;
        }

        switch (node.ValueKind)
        {
            case JsonValueKind.Object:
                // Longest key first: "event.sequence" before "event" then "sequence".
                for (var end = _segments.Length; end > start; end--)
                {
                    if (node.TryGetProperty(_keys[start][end - start - 1], out var child))
                    {
                        var found = Find(child, end);
                        if (found.ValueKind != JsonValueKind.Undefined)
                        {
                            return found;
                        }
                    }
                }

                return default;
            case JsonValueKind.Array
                when int.TryParse(_segments[start], NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < node.GetArrayLength():
                return Find(node[index], start + 1);
            default:
                return default;
        }
    }
}
