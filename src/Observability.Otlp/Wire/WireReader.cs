using System.Buffers.Binary;

namespace Observability.Otlp.Wire;

/// <summary>
/// Reads protobuf's wire format (tags, varints, fixed-width values, length-delimited fields) from a span, each read
/// false on bytes that do not follow it. Positions are offsets into the span, so what is read can be kept as slices.
/// </summary>
internal ref struct WireReader(ReadOnlySpan<byte> span, int offset = 0)
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int LengthDelimited = 2;
    public const int Fixed32 = 5;

    private readonly ReadOnlySpan<byte> _span = span;
    private int _position = offset;

    public readonly bool AtEnd => _position >= _span.Length;

    /// <summary>The next field's number and wire type; false at a malformed tag or field number 0.</summary>
    public bool TryReadTag(out int field, out int wireType)
    {
        field = 0;
        wireType = 0;
        // Field numbers stop at 2^29 - 1.
        if (!TryReadVarint(out var tag) || tag >> 3 is 0 or > 536_870_911)
        {
            return false;
        }

        field = (int)(tag >> 3);
        wireType = (int)(tag & 7);
        return true;
    }

    public bool TryReadVarint(out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (_position >= _span.Length)
            {
                return false;
            }

            var b = _span[_position++];
            if (shift == 63 && b > 1)
            {
                return false;
            }

            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }

    public bool TryReadFixed64(out ulong value)
    {
        value = 0;
        if (_span.Length - _position < 8)
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt64LittleEndian(_span[_position..]);
        _position += 8;
        return true;
    }

    /// <summary>A length-delimited field's bytes, as an offset and a length in the span.</summary>
    public bool TryReadLengthDelimited(out int start, out int length)
    {
        start = 0;
        length = 0;
        if (!TryReadVarint(out var size) || size > (ulong)(_span.Length - _position))
        {
            return false;
        }

        start = _position;
        length = (int)size;
        _position += length;
        return true;
    }

    /// <summary>Skips a field of <paramref name="wireType"/>; groups (deprecated) and unknown types are not skipped.</summary>
    public bool TrySkip(int wireType)
    {
        switch (wireType)
        {
            case Varint:
                return TryReadVarint(out _);
            case Fixed64:
                return TryReadFixed64(out _);
            case LengthDelimited:
                return TryReadLengthDelimited(out _, out _);
            case Fixed32 when _span.Length - _position >= 4:
                _position += 4;
                return true;
            default:
                return false;
        }
    }
}
