using System.Buffers;
using System.Text;
using Observability.Inbound.Expressions;
using OpenTelemetry.Proto.Common.V1;

namespace Observability.Otlp.Wire;

/// <summary>
/// What <see cref="WireLogReader"/> found in one logs export request: slices of its bytes for every record, resource,
/// scope and attribute, shared by the request's documents, with each attribute's text made once, when a rule asks. Its
/// arrays are rented, and given back when its documents are disposed.
/// </summary>
internal sealed class WireLogRequest(ReadOnlyMemory<byte> body, OtlpContext context) : IDisposable
{
    // Each attribute's KeyHash at its index in Attributes: apart from them, an int each, so that Last compares a record's
    // hashes a vector at a time, where a loop over the attributes compared their lengths one by one.
    private readonly PooledList<int> _keyHashes = new();
    private string?[] _texts = [];
    private List<(string Name, string Text)>?[] _contexts = [];

    public ReadOnlyMemory<byte> Body { get; } = body;

    public OtlpContext Keys { get; } = context;

    /// <summary>The attributes of every resource and record, in the body's order; added by <see cref="Add"/>.</summary>
    public PooledList<WireAttribute> Attributes { get; } = new();

    public List<WireResource> Resources { get; } = [];

    public ReadOnlySpan<byte> Bytes(int start, int length) => Body.Span.Slice(start, length);

    /// <summary>Adds an attribute, and its key's hash.</summary>
    public void Add(in WireAttribute attribute)
    {
        Attributes.Add(attribute);
        _keyHashes.Add(KeyHash.Of(Bytes(attribute.KeyStart, attribute.KeyLength)));
    }

    public string Text(int start, int length) => length == 0 ? string.Empty : Encoding.UTF8.GetString(Body.Span.Slice(start, length));

    /// <summary>A string attribute's text, made on first use.</summary>
    public string AttributeText(int index)
    {
        if (_texts.Length < Attributes.Count)
        {
            var larger = ArrayPool<string?>.Shared.Rent(Attributes.Count);
            _texts.CopyTo(larger, 0);
            Array.Clear(larger, _texts.Length, larger.Length - _texts.Length);
            GiveTexts();
            _texts = larger;
        }

        ref readonly var attribute = ref Attributes[index];
        return _texts[index] ??= Text(attribute.PayloadStart, attribute.PayloadLength);
    }

    public void Dispose()
    {
        Attributes.Release();
        _keyHashes.Release();
        GiveTexts();
        _texts = [];
    }

    private void GiveTexts()
    {
        if (_texts.Length > 0)
        {
            ArrayPool<string?>.Shared.Return(_texts, clearArray: true);
        }
    }

    /// <summary>An attribute's value decoded by Google.Protobuf: for arrays, key-value lists and what JSON writes as its own.</summary>
    public AnyValue? Decoded(int index) => Decoded(Attributes[index]);

    public AnyValue? Decoded(WireAttribute attribute) =>
        attribute.ValueLength < 0 ? null : AnyValue.Parser.ParseFrom(Body.Span.Slice(attribute.ValueStart, attribute.ValueLength));

    /// <summary>The attribute's text as <see cref="AttributeJson.Text"/> gives it: a string, an integer or a boolean.</summary>
    public string? ScalarText(int index)
    {
        var attribute = Attributes[index];
        return attribute.Case switch
        {
            AnyValue.ValueOneofCase.StringValue => AttributeText(index),
            AnyValue.ValueOneofCase.IntValue => ((long)attribute.Scalar).ToString(System.Globalization.CultureInfo.InvariantCulture),
            AnyValue.ValueOneofCase.BoolValue => attribute.Scalar != 0 ? "true" : "false",
            _ => null,
        };
    }

    /// <summary>Whether any of the attributes is one of the context's keys.</summary>
    public bool Names(int first, int count)
    {
        var body = Body.Span;
        var hashes = _keyHashes.Span;
        for (var i = first; i < first + count; i++)
        {
            if (Keys.TryName(body.Slice(Attributes[i].KeyStart, Attributes[i].KeyLength), hashes[i], out _))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The context of a record that names none of its keys: its resource's, made once per resource.</summary>
    public List<(string Name, string Text)> ResourceContext(int resource)
    {
        if (_contexts.Length != Resources.Count)
        {
            Array.Resize(ref _contexts, Resources.Count);
        }

        return _contexts[resource] ??= RecordContext(0, 0, Resources[resource]);
    }

    /// <summary><see cref="OtlpContext.Resolve"/> over slices: the record's attributes first, then the resource's.</summary>
    public List<(string Name, string Text)> RecordContext(int first, int count, WireResource resource)
    {
        var found = new List<(string Name, string Text)>(4);
        var body = Body.Span;
        foreach (var (from, length) in (ReadOnlySpan<(int, int)>)[(first, count), (resource.FirstAttribute, resource.AttributeCount)])
        {
            for (var i = from; i < from + length; i++)
            {
                var key = body.Slice(Attributes[i].KeyStart, Attributes[i].KeyLength);
                var hash = _keyHashes.Span[i];
                if (Keys.TryName(key, hash, out var name) && !Contains(found, name) && ScalarText(Last(from, length, key, hash)) is { Length: > 0 } text)
                {
                    found.Add((name, text));
                }
            }
        }

        return found;
    }

    /// <summary>
    /// The index of the last of <paramref name="count"/> attributes from <paramref name="first"/> with the key, whose
    /// <see cref="KeyHash"/> is <paramref name="hash"/>; -1 if none.
    /// </summary>
    public int Last(int first, int count, ReadOnlySpan<byte> key, int hash)
    {
        // The bytes are compared only where the hash is equal; a key that shares the hash costs one more search.
        var hashes = _keyHashes.Span.Slice(first, count);
        for (var at = hashes.LastIndexOf(hash); at >= 0; at = hashes[..at].LastIndexOf(hash))
        {
            ref readonly var attribute = ref Attributes[first + at];
            if (Bytes(attribute.KeyStart, attribute.KeyLength).SequenceEqual(key))
            {
                return first + at;
            }
        }

        return -1;
    }

    private static bool Contains(List<(string Name, string Text)> found, string name)
    {
        foreach (var entry in found)
        {
            if (entry.Name == name)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>One key-value: the key's bytes, the value's (an AnyValue message) and what it holds.</summary>
internal readonly record struct WireAttribute(
    int KeyStart, int KeyLength, int ValueStart, int ValueLength, AnyValue.ValueOneofCase Case, int PayloadStart, int PayloadLength, ulong Scalar);

/// <summary>A resource: its message's bytes (length -1 when the request has none) and its attributes.</summary>
internal readonly record struct WireResource(int Start, int Length, int FirstAttribute, int AttributeCount);

/// <summary>A scope: its message's bytes (length -1 when none) and its name and version.</summary>
internal readonly record struct WireScope(int Start, int Length, int NameStart, int NameLength, int VersionStart, int VersionLength);
