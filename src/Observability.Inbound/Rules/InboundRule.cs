using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Observability.Events;
using Observability.Inbound.Expressions;

namespace Observability.Inbound.Rules;

/// <summary>A compiled rule: when its conditions hold on a document, it writes one catalogue envelope.</summary>
internal sealed class InboundRule
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly byte[] Separator = [0x1f];
    private readonly Expression[] _conditions;
    private readonly Expression[] _idParts;
    private readonly string _idPrefix;
    private readonly byte[] _nameUtf8;
    private readonly EnvelopeField _root;
    private readonly int _leaves;

    // A webhook delivery can be large; a thread keeps no more than this between envelopes.
    private const int MaxKeptCapacity = 64 * 1024;

    [ThreadStatic]
    private static Output? t_output;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_key;

    [ThreadStatic]
    private static IncrementalHash? t_sha256;

    public InboundRule(string name, string kind, Expression[] conditions, Expression[] idParts, string idPrefix, EnvelopeField root, int leaves)
    {
        Name = name;
        _nameUtf8 = Encoding.UTF8.GetBytes(name);
        Kind = kind;
        _conditions = conditions;
        _idParts = idParts;
        _idPrefix = idPrefix;
        _root = root;
        _leaves = leaves;
    }

    public string Name { get; }

    public string Kind { get; }

    /// <summary>The path and texts of the first condition when it is an equality (<c>name == 'x'</c>, <c>name in [...]</c>).</summary>
    public (string Path, string[] Texts)? Gate => _conditions.Length > 0 && _conditions[0] is ComparisonExpression comparison ? comparison.Equality : null;

    public bool Matches(InboundDocument document)
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

    public InboundEvent Write(InboundDocument document)
    {
        var id = IdOf(document);
        var values = ArrayPool<Value>.Shared.Rent(_leaves);
        var output = t_output ??= new Output();
        try
        {
            _root.Evaluate(document, values);
            var writer = output.Writer;
            writer.WriteStartObject();
            writer.WritePropertyName("id"u8);
            var idEntry = output.Layout.Value(writer);
            writer.WriteStringValue(id);
            output.Layout.End(idEntry, writer);
            _root.WriteChildren(writer, values, output.Layout);
            writer.WriteEndObject();
            writer.Flush();
            return new InboundEvent(Name, id, output.Buffer.WrittenSpan.ToArray(), output.Layout.ToLayout());
        }
        finally
        {
            ArrayPool<Value>.Shared.Return(values, clearArray: true);
            output.Reset();
        }
    }

    private string IdOf(InboundDocument document)
    {
        // The key is built as UTF-8 (a source's text often is already): the same bytes the key's text encodes to.
        var key = t_key ??= new ArrayBufferWriter<byte>(256);
        key.ResetWrittenCount();
        key.Write(_nameUtf8);
        var complete = _idParts.Length > 0;
        foreach (var part in _idParts)
        {
            key.Write(Separator);
            if (!part.Evaluate(document).TryWriteUtf8(key))
            {
                complete = false;
                break;
            }
        }

        if (!complete)
        {
            // No identity of the source's own: the document's content is its identity, so a resent document is a duplicate.
            key.ResetWrittenCount();
            key.Write(_nameUtf8);
            key.Write(Separator);
            Encoding.UTF8.GetBytes(document.ToJsonText(), key);
        }

        Span<byte> hash = stackalloc byte[32];
        // One hash object per thread, reset by each use: a one-shot hash sets up and frees OpenSSL's context every time.
        var sha256 = t_sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha256.AppendData(key.WrittenSpan);
        sha256.GetHashAndReset(hash);
        if (key.Capacity > MaxKeptCapacity)
        {
            t_key = null;
        }

        Span<char> hex = stackalloc char[32];
        Convert.TryToHexStringLower(hash[..16], hex, out _);
        return string.Concat(_idPrefix, "-", hex);
    }

    // The envelope's writer, one per thread and kept between envelopes (a rule writes synchronously): a buffer and a
    // writer per envelope, grown twice on the way to its size, were half of what translating a record allocated.
    private sealed class Output
    {
        public ArrayBufferWriter<byte> Buffer { get; private set; } = new(1024);

        public Utf8JsonWriter Writer { get; private set; } = null!;

        public EventLayoutRecorder Layout { get; } = new();

        public Output() => Writer = new Utf8JsonWriter(Buffer, WriterOptions);

        public void Reset()
        {
            if (Buffer.Capacity > MaxKeptCapacity)
            {
                Buffer = new ArrayBufferWriter<byte>(1024);
            }
            else
            {
                Buffer.ResetWrittenCount();
            }

            Writer.Reset(Buffer);
            Layout.Reset();
        }
    }
}
