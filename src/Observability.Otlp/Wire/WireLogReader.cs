using System.Text.Unicode;
using Observability.Inbound;
using OpenTelemetry.Proto.Common.V1;

namespace Observability.Otlp.Wire;

/// <summary>
/// Reads a logs export request's protobuf bytes straight into <c>otlp.log</c> documents, keeping every value a slice of
/// the body until a rule asks for it, so a record costs no object per attribute. It reads what exporters write and
/// answers <c>null</c> for anything else (a message field given twice, which protobuf merges; a group; a string that is
/// not UTF-8; a value nested deeper than <see cref="MaxDepth"/>; bytes that do not parse), so that Google.Protobuf decodes
/// such a request and its answer, documents or error, is the generated types' own.
/// </summary>
internal static class WireLogReader
{
    private const int MaxDepth = 32;

    public static SourceDocuments? TryRead(ReadOnlyMemory<byte> body, OtlpContext context)
    {
        var request = new WireLogRequest(body, context);
        var documents = new List<InboundDocument>();
        if (Read(request, documents))
        {
            return SourceDocuments.Of(documents, request);
        }

        request.Dispose();
        return null;
    }

    private static bool Read(WireLogRequest request, List<InboundDocument> documents)
    {
        var reader = new WireReader(request.Body.Span);
        while (!reader.AtEnd)
        {
            if (!reader.TryReadTag(out var field, out var wireType))
            {
                return false;
            }

            if (field == 1)
            {
                if (wireType != WireReader.LengthDelimited || !reader.TryReadLengthDelimited(out var start, out var length)
                    || !ReadResourceLogs(request, start, length, documents))
                {
                    return false;
                }
            }
            else if (!reader.TrySkip(wireType))
            {
                return false;
            }
        }

        return true;
    }

    // ResourceLogs: 1 resource, 2 scope_logs, 3 schema_url. The resource may come after the scopes it applies to.
    private static bool ReadResourceLogs(WireLogRequest request, int start, int length, List<InboundDocument> documents)
    {
        var span = request.Body.Span[..(start + length)];
        var resource = new WireResource(0, -1, request.Attributes.Count, 0);
        var reader = new WireReader(span, start);
        while (!reader.AtEnd)
        {
            if (!reader.TryReadTag(out var field, out var wireType))
            {
                return false;
            }

            switch (field)
            {
                case 1 when wireType == WireReader.LengthDelimited && resource.Length < 0:
                    if (!reader.TryReadLengthDelimited(out var at, out var size) || !ReadResource(request, span, at, size, out resource))
                    {
                        return false;
                    }

                    break;
                case 1 or 2 or 3 when wireType != WireReader.LengthDelimited:
                case 1:
                    return false;
                case 3:
                    if (!reader.TryReadLengthDelimited(out var urlAt, out var urlSize) || !Utf8.IsValid(span.Slice(urlAt, urlSize)))
                    {
                        return false;
                    }

                    break;
                default:
                    if (!reader.TrySkip(wireType))
                    {
                        return false;
                    }

                    break;
            }
        }

        request.Resources.Add(resource);
        var index = request.Resources.Count - 1;
        reader = new WireReader(span, start);
        while (!reader.AtEnd)
        {
            _ = reader.TryReadTag(out var field, out var wireType);
            if (field == 2)
            {
                _ = reader.TryReadLengthDelimited(out var at, out var size);
                if (!ReadScopeLogs(request, index, at, size, documents))
                {
                    return false;
                }
            }
            else
            {
                _ = reader.TrySkip(wireType);
            }
        }

        return true;
    }

    // Resource: 1 attributes, 2 dropped_attributes_count, 3 entity_refs (left to Google.Protobuf, which checks them).
    private static bool ReadResource(WireLogRequest request, ReadOnlySpan<byte> body, int start, int length, out WireResource resource)
    {
        var first = request.Attributes.Count;
        resource = default;
        var reader = new WireReader(body[..(start + length)], start);
        while (!reader.AtEnd)
        {
            if (!reader.TryReadTag(out var field, out var wireType))
            {
                return false;
            }

            var known = field switch
            {
                1 => wireType == WireReader.LengthDelimited && reader.TryReadLengthDelimited(out var at, out var size) && ReadAttribute(request, at, size),
                2 => wireType == WireReader.Varint && reader.TrySkip(wireType),
                3 => false,
                _ => reader.TrySkip(wireType),
            };
            if (!known)
            {
                return false;
            }
        }

        resource = new WireResource(start, length, first, request.Attributes.Count - first);
        return true;
    }

    // ScopeLogs: 1 scope, 2 log_records, 3 schema_url.
    private static bool ReadScopeLogs(WireLogRequest request, int resource, int start, int length, List<InboundDocument> documents)
    {
        var span = request.Body.Span[..(start + length)];
        var scope = new WireScope(0, -1, 0, 0, 0, 0);
        var reader = new WireReader(span, start);
        while (!reader.AtEnd)
        {
            if (!reader.TryReadTag(out var field, out var wireType))
            {
                return false;
            }

            if (field is 1 or 2 or 3 && wireType != WireReader.LengthDelimited)
            {
                return false;
            }

            if (field == 1)
            {
                if (scope.Length >= 0 || !reader.TryReadLengthDelimited(out var at, out var size) || !ReadScope(request, at, size, out scope))
                {
                    return false;
                }
            }
            else if (field == 3)
            {
                if (!reader.TryReadLengthDelimited(out var at, out var size) || !Utf8.IsValid(span.Slice(at, size)))
                {
                    return false;
                }
            }
            else if (!reader.TrySkip(wireType))
            {
                return false;
            }
        }

        reader = new WireReader(span, start);
        while (!reader.AtEnd)
        {
            _ = reader.TryReadTag(out var field, out var wireType);
            if (field == 2)
            {
                _ = reader.TryReadLengthDelimited(out var at, out var size);
                if (ReadRecord(request, resource, scope, at, size) is not { } document)
                {
                    return false;
                }

                documents.Add(document);
            }
            else
            {
                _ = reader.TrySkip(wireType);
            }
        }

        return true;
    }

    // InstrumentationScope: 1 name, 2 version, 3 attributes (checked, not kept), 4 dropped_attributes_count.
    private static bool ReadScope(WireLogRequest request, int start, int length, out WireScope scope)
    {
        scope = default;
        (int Start, int Length) name = (start, 0), version = (start, 0);
        var reader = new WireReader(request.Body.Span[..(start + length)], start);
        while (!reader.AtEnd)
        {
            if (!reader.TryReadTag(out var field, out var wireType))
            {
                return false;
            }

            var read = field switch
            {
                1 => wireType == WireReader.LengthDelimited && reader.TryReadLengthDelimited(out name.Start, out name.Length) && IsText(request, name),
                2 => wireType == WireReader.LengthDelimited && reader.TryReadLengthDelimited(out version.Start, out version.Length) && IsText(request, version),
                3 => wireType == WireReader.LengthDelimited && reader.TryReadLengthDelimited(out var at, out var size) && CheckKeyValue(request.Body.Span, at, size, 0),
                4 => wireType == WireReader.Varint && reader.TrySkip(wireType),
                _ => reader.TrySkip(wireType),
            };
            if (!read)
            {
                return false;
            }
        }

        scope = new WireScope(start, length, name.Start, name.Length, version.Start, version.Length);
        return true;
    }

    // LogRecord: 1 time_unix_nano, 2 severity_number, 3 severity_text, 5 body, 6 attributes, 7 dropped_attributes_count,
    // 8 flags, 9 trace_id, 10 span_id, 11 observed_time_unix_nano, 12 event_name.
    private static WireLogRecordDocument? ReadRecord(WireLogRequest request, int resource, WireScope scope, int start, int length)
    {
        var body = request.Body.Span;
        var document = new WireLogRecordDocument(request, resource, scope, start, length) { FirstAttribute = request.Attributes.Count };
        var reader = new WireReader(body[..(start + length)], start);
        while (!reader.AtEnd)
        {
            if (!reader.TryReadTag(out var field, out var wireType))
            {
                return null;
            }

            int at, size;
            ulong value;
            var read = (field, wireType) switch
            {
                (1, WireReader.Fixed64) => reader.TryReadFixed64(out value) && Set(ref document.Time, value),
                (11, WireReader.Fixed64) => reader.TryReadFixed64(out value) && Set(ref document.ObservedTime, value),
                (2, WireReader.Varint) => reader.TryReadVarint(out value) && Set(ref document.Severity, (int)value),
                (3, WireReader.LengthDelimited) => reader.TryReadLengthDelimited(out document.SeverityTextSlice.Start, out document.SeverityTextSlice.Length)
                    && IsText(request, document.SeverityTextSlice),
                (12, WireReader.LengthDelimited) => reader.TryReadLengthDelimited(out document.EventNameSlice.Start, out document.EventNameSlice.Length)
                    && IsText(request, document.EventNameSlice),
                (9, WireReader.LengthDelimited) => reader.TryReadLengthDelimited(out document.TraceIdSlice.Start, out document.TraceIdSlice.Length),
                (10, WireReader.LengthDelimited) => reader.TryReadLengthDelimited(out document.SpanIdSlice.Start, out document.SpanIdSlice.Length),
                (5, WireReader.LengthDelimited) => document.Body.ValueLength < 0 && reader.TryReadLengthDelimited(out at, out size)
                    && ReadValue(body, at, size, 0, out document.Body),
                (6, WireReader.LengthDelimited) => reader.TryReadLengthDelimited(out at, out size) && ReadAttribute(request, at, size),
                (7, WireReader.Varint) or (8, WireReader.Fixed32) => reader.TrySkip(wireType),
                (>= 1 and <= 12, _) => false,
                _ => reader.TrySkip(wireType),
            };
            if (!read)
            {
                return null;
            }
        }

        document.AttributeCount = request.Attributes.Count - document.FirstAttribute;
        return document;
    }

    // KeyValue: 1 key, 2 value; kept in the request's attributes.
    private static bool ReadAttribute(WireLogRequest request, int start, int length)
    {
        if (!ReadKeyValue(request.Body.Span, start, length, 0, out var key, out var value))
        {
            return false;
        }

        request.Add(value with { KeyStart = key.Start, KeyLength = key.Length });
        return true;
    }

    private static bool CheckKeyValue(ReadOnlySpan<byte> body, int start, int length, int depth) =>
        ReadKeyValue(body, start, length, depth, out _, out _);

    private static bool ReadKeyValue(ReadOnlySpan<byte> body, int start, int length, int depth, out (int Start, int Length) key, out WireAttribute value)
    {
        key = (start, 0);
        value = new WireAttribute(0, 0, 0, -1, AnyValue.ValueOneofCase.None, 0, 0, 0);
        var reader = new WireReader(body[..(start + length)], start);
        while (!reader.AtEnd)
        {
            if (!reader.TryReadTag(out var field, out var wireType))
            {
                return false;
            }

            var read = field switch
            {
                1 => wireType == WireReader.LengthDelimited && reader.TryReadLengthDelimited(out key.Start, out key.Length),
                2 => wireType == WireReader.LengthDelimited && value.ValueLength < 0 && reader.TryReadLengthDelimited(out var at, out var size)
                    && ReadValue(body, at, size, depth, out value),
                _ => reader.TrySkip(wireType),
            };
            if (!read)
            {
                return false;
            }
        }

        return Utf8.IsValid(body.Slice(key.Start, key.Length));
    }

    // AnyValue: one of 1 string, 2 bool, 3 int, 4 double, 5 array, 6 kvlist, 7 bytes; arrays and lists are checked
    // through, so a request is refused or accepted as the decoder would.
    private static bool ReadValue(ReadOnlySpan<byte> body, int start, int length, int depth, out WireAttribute value)
    {
        value = new WireAttribute(0, 0, start, length, AnyValue.ValueOneofCase.None, 0, 0, 0);
        if (depth > MaxDepth)
        {
            return false;
        }

        var reader = new WireReader(body[..(start + length)], start);
        while (!reader.AtEnd)
        {
            if (!reader.TryReadTag(out var field, out var wireType))
            {
                return false;
            }

            if (field is >= 1 and <= 7 && value.Case != AnyValue.ValueOneofCase.None)
            {
                return false;
            }

            int at = 0, size = 0;
            ulong scalar = 0;
            var read = (field, wireType) switch
            {
                (1, WireReader.LengthDelimited) => reader.TryReadLengthDelimited(out at, out size) && Utf8.IsValid(body.Slice(at, size)),
                (7, WireReader.LengthDelimited) => reader.TryReadLengthDelimited(out at, out size),
                (2 or 3, WireReader.Varint) => reader.TryReadVarint(out scalar),
                (4, WireReader.Fixed64) => reader.TryReadFixed64(out scalar),
                (5, WireReader.LengthDelimited) => reader.TryReadLengthDelimited(out at, out size) && CheckRepeated(body, at, size, depth + 1, keyValues: false),
                (6, WireReader.LengthDelimited) => reader.TryReadLengthDelimited(out at, out size) && CheckRepeated(body, at, size, depth + 1, keyValues: true),
                (>= 1 and <= 7, _) => false,
                _ => reader.TrySkip(wireType),
            };
            if (!read)
            {
                return false;
            }

            if (field is >= 1 and <= 7)
            {
                value = value with { Case = (AnyValue.ValueOneofCase)field, PayloadStart = at, PayloadLength = size, Scalar = scalar };
            }
        }

        return true;
    }

    // ArrayValue (1: AnyValue, repeated) and KeyValueList (1: KeyValue, repeated).
    private static bool CheckRepeated(ReadOnlySpan<byte> body, int start, int length, int depth, bool keyValues)
    {
        var reader = new WireReader(body[..(start + length)], start);
        while (!reader.AtEnd)
        {
            if (!reader.TryReadTag(out var field, out var wireType))
            {
                return false;
            }

            var read = field == 1
                ? wireType == WireReader.LengthDelimited && reader.TryReadLengthDelimited(out var at, out var size)
                    && (keyValues ? CheckKeyValue(body, at, size, depth) : ReadValue(body, at, size, depth, out _))
                : reader.TrySkip(wireType);
            if (!read)
            {
                return false;
            }
        }

        return true;
    }

    // Google.Protobuf refuses a string field that is not UTF-8; such a request is left to it, to be refused in its words.
    private static bool IsText(WireLogRequest request, (int Start, int Length) slice) => Utf8.IsValid(request.Bytes(slice.Start, slice.Length));

    private static bool Set<T>(ref T field, T value)
    {
        field = value;
        return true;
    }
}
