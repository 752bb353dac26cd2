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
    // _utf8Keys the same as UTF-8 with its KeyHash, for documents that compare keys as bytes.
    private readonly string[][] _keys;
    private readonly (byte[] Bytes, int Hash)[][] _utf8Keys;

    public DocumentPath(string text)
    {
        _segments = text.Split('.');
        if (_segments.Any(string.IsNullOrWhiteSpace))
        {
            throw new FormatException($"'{text}' is not a dotted path");
        }

        _keys = new string[_segments.Length][];
        _utf8Keys = new (byte[], int)[_segments.Length][];
        for (var start = 0; start < _segments.Length; start++)
        {
            _keys[start] = new string[_segments.Length - start];
            _utf8Keys[start] = new (byte[], int)[_segments.Length - start];
            for (var end = start + 1; end <= _segments.Length; end++)
            {
                _keys[start][end - start - 1] = string.Join('.', _segments, start, end - start);
                var utf8 = System.Text.Encoding.UTF8.GetBytes(_keys[start][end - start - 1]);
                _utf8Keys[start][end - start - 1] = (utf8, KeyHash.Of(utf8));
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
    public ReadOnlySpan<byte> Utf8Key(int start, int end) => _utf8Keys[start][end - start - 1].Bytes;

    /// <summary><see cref="KeyHash.Of"/> of <see cref="Utf8Key"/>, made with it.</summary>
    public int Utf8KeyHash(int start, int end) => _utf8Keys[start][end - start - 1].Hash;

    /// <summary>
    /// What a type of document worked out about the path once (what its first segment names, say), for its next lookups;
    /// an object of that type's own class, which it checks for before it trusts it. A rule reads one kind of document,
    /// so a path is prepared once; one prepared by another type is prepared again.
    /// </summary>
    /// <remarks>Set without a lock: documents of one type make equal objects, and a reference is written whole.</remarks>
    internal object? Prepared { get; set; }

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
