using System.Text;
using Observability.EventLog.Internal;

namespace Observability.EventLog.Tests;

public sealed class RecordFormatTests
{
    [Fact]
    public void Crc32C_StandardCheckInput_MatchesCastagnoliCheckValue() =>
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));

    [Fact]
    public void Crc32C_EveryLengthUpTo100_MatchesBitwiseReference()
    {
        var data = Enumerable.Range(0, 100).Select(i => (byte)(i * 37 + 11)).ToArray();
        for (var length = 0; length <= data.Length; length++)
        {
            Assert.Equal(BitwiseCrc32C(data.AsSpan(0, length)), Crc32C.Compute(data.AsSpan(0, length)));
        }
    }

    [Fact]
    public void Encode_Payload_IsLengthChecksumAndPayloadOnOneLine()
    {
        var payload = "{\"id\":\"a b\"}"u8;
        var buffer = new byte[RecordFormat.FramedLength(payload.Length)];

        var length = RecordFormat.Encode(payload, buffer);

        var expected = $"{payload.Length:x8} {Crc32C.Compute(payload):x8} {{\"id\":\"a b\"}}\n";
        Assert.Equal(expected, Encoding.UTF8.GetString(buffer.AsSpan(0, length)));
        Assert.Equal("0000000c", expected[..8]);
    }

    [Theory]
    [InlineData("0000000c e3069283 ", true)]
    [InlineData("0000000C e3069283 ", false)]
    [InlineData("0000000c e3069283x", false)]
    [InlineData("0000000c_e3069283 ", false)]
    [InlineData("\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", false)]
    [InlineData("-000000c e3069283 ", false)]
    public void TryParseHeader_Text_AcceptsOnlyLowercaseHexFields(string header, bool valid)
    {
        var parsed = RecordFormat.TryParseHeader(Encoding.ASCII.GetBytes(header), out var length, out var checksum);

        Assert.Equal(valid, parsed);
        if (valid)
        {
            Assert.Equal(12u, length);
            Assert.Equal(0xe3069283u, checksum);
        }
    }

    [Theory]
    [InlineData("00000000000000000000.log", true, 0)]
    [InlineData("00000000000000123456.log", true, 123456)]
    [InlineData("123456.log", false, 0)]
    [InlineData("0000000000000000000a.log", false, 0)]
    [InlineData("00000000000000000000.log.tmp", false, 0)]
    [InlineData("99999999999999999999.log", false, 0)]
    public void SegmentFiles_TryParse_AcceptsOnlyTwentyDigitNames(string name, bool valid, long first)
    {
        Assert.Equal(valid, SegmentFiles.TryParse(name, out var parsed));
        Assert.Equal(first, parsed);
    }

    private static uint BitwiseCrc32C(ReadOnlySpan<byte> data)
    {
        var crc = uint.MaxValue;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
            }
        }

        return ~crc;
    }
}
