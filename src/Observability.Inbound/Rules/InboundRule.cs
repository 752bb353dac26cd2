using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Observability.Inbound.Expressions;

namespace Observability.Inbound.Rules;

/// <summary>A compiled rule: when its conditions hold on a document, it writes one catalogue envelope.</summary>
internal sealed class InboundRule
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly Expression[] _conditions;
    private readonly Expression[] _idParts;
    private readonly string _idPrefix;
    private readonly EnvelopeField _root;
    private readonly int _leaves;

    public InboundRule(string name, string kind, Expression[] conditions, Expression[] idParts, string idPrefix, EnvelopeField root, int leaves)
    {
        Name = name;
        Kind = kind;
        _conditions = conditions;
        _idParts = idParts;
        _idPrefix = idPrefix;
        _root = root;
        _leaves = leaves;
    }

    public string Name { get; }

    public string Kind { get; }

    public bool Matches(JsonElement document)
    {
        foreach (var condition in _conditions)
        {
            var value = condition.Evaluate(document);
            if (value.Kind == ValueKind.Boolean ? value.AsText() != "true" : !value.IsPresent)
            {
                return false;
            }
        }

        return true;
    }

    public InboundEvent Write(JsonElement document)
    {
        var id = IdOf(document);
        var values = new Value[_leaves];
        _root.Evaluate(document, values);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("id", id);
            _root.WriteChildren(writer, values);
            writer.WriteEndObject();
        }

        return new InboundEvent(Name, id, buffer.WrittenMemory.ToArray());
    }

    private string IdOf(JsonElement document)
    {
        var key = new StringBuilder(Name);
        var complete = _idParts.Length > 0;
        foreach (var part in _idParts)
        {
            if (part.Evaluate(document).AsText() is not { } text)
            {
                complete = false;
                break;
            }

            key.Append('\u001f').Append(text);
        }

        if (!complete)
        {
            // No identity of the source's own: the document's content is its identity, so a resent document is a duplicate.
            key.Clear().Append(Name).Append('\u001f').Append(document.GetRawText());
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(key.ToString()), hash);
        return string.Concat(_idPrefix, "-", Convert.ToHexStringLower(hash[..16]));
    }
}
