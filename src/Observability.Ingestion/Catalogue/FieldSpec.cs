namespace Observability.Ingestion.Catalogue;

/// <summary>One field an event type defines.</summary>
/// <param name="Path">Dotted path from the event root, e.g. <c>metadata.durationSeconds</c>.</param>
/// <param name="Kind">Its JSON shape.</param>
/// <param name="Required">Whether the event is rejected without it.</param>
/// <param name="Description">What it means, for <c>docs/events.md</c> and error messages.</param>
/// <param name="AllowedValues">For strings: the pinned enum, exact and case-sensitive.</param>
/// <param name="Min">For numbers: the smallest allowed value.</param>
/// <param name="Max">For numbers: the largest allowed value.</param>
public sealed record FieldSpec(
    string Path,
    FieldKind Kind,
    bool Required,
    string Description,
    IReadOnlyList<string>? AllowedValues = null,
    double? Min = null,
    double? Max = null)
{
    /// <summary>The path split into segments.</summary>
    public IReadOnlyList<string> Segments { get; } = Path.Split('.');

    /// <summary>The segments as UTF-8, so lookups compare bytes instead of transcoding the name on every event.</summary>
    internal byte[][] Utf8Segments { get; } = [.. Path.Split('.').Select(System.Text.Encoding.UTF8.GetBytes)];

    // The allowed values as UTF-8, made from the list they were made from (a copy made by `with` may have another).
    private AllowedUtf8? _allowedUtf8;

    /// <summary>Whether <paramref name="utf8"/> (unescaped text) is one of the allowed values, compared without decoding it.</summary>
    internal bool IsAllowed(ReadOnlySpan<byte> utf8)
    {
        var allowed = _allowedUtf8;
        if (allowed is null || !ReferenceEquals(allowed.Source, AllowedValues))
        {
            _allowedUtf8 = allowed = new AllowedUtf8(AllowedValues);
        }

        foreach (var value in allowed.Values)
        {
            if (utf8.SequenceEqual(value))
            {
                return true;
            }
        }

        return false;
    }

    private sealed class AllowedUtf8(IReadOnlyList<string>? source)
    {
        public IReadOnlyList<string>? Source { get; } = source;

        public byte[][] Values { get; } = [.. (source ?? []).Select(System.Text.Encoding.UTF8.GetBytes)];
    }
}
