using Observability.Metrics.Exposition;

namespace Observability.Metrics.Tests.Exposition;

public sealed class NumberFormatterTests
{
    // Expected strings are what Go's strconv.FormatFloat(v, 'g', -1, 64) prints.
    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(1.0, "1")]
    [InlineData(-1.0, "-1")]
    [InlineData(0.005, "0.005")]
    [InlineData(0.1, "0.1")]
    [InlineData(2.5, "2.5")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(0.000012345, "1.2345e-05")]
    [InlineData(999999.0, "999999")]
    [InlineData(1e6, "1e+06")]
    [InlineData(1234567.0, "1.234567e+06")]
    [InlineData(123456.7, "123456.7")]
    [InlineData(1.5e7, "1.5e+07")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(-0.000123, "-0.000123")]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    [InlineData(100.25, "100.25")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    public void FormatGo_Value_MatchesGoShortestG(double value, string expected)
    {
        Assert.Equal(expected, NumberFormatter.FormatGo(value));
    }

    [Fact]
    public void FormatGo_NegativeZero_KeepsSign()
    {
        Assert.Equal("-0", NumberFormatter.FormatGo(-0.0));
    }

    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(0.0, "0.0")]
    [InlineData(-1.0, "-1.0")]
    [InlineData(300.0, "300.0")]
    [InlineData(0.5, "0.5")]
    [InlineData(1e6, "1e+06")]
    [InlineData(1e-05, "1e-05")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NaN, "NaN")]
    public void FormatOpenMetrics_Value_IsCanonical(double value, string expected)
    {
        Assert.Equal(expected, NumberFormatter.FormatOpenMetrics(value));
    }

    [Fact]
    public void FormatGo_RandomDoubles_RoundTripExactly()
    {
        var random = new Random(42);
        for (var i = 0; i < 20_000; i++)
        {
            var value = BitConverter.Int64BitsToDouble(random.NextInt64());
            if (!double.IsFinite(value))
            {
                continue;
            }

            var text = NumberFormatter.FormatGo(value);
            Assert.Equal(value, double.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Theory]
    [InlineData(1_700_000_000_123L, "1700000000.123")]
    [InlineData(1_700_000_000_005L, "1700000000.005")]
    [InlineData(1_700_000_000_000L, "1700000000.000")]
    [InlineData(-500L, "-0.500")]
    [InlineData(-1500L, "-1.500")]
    public void WriteTimestamp_Milliseconds_WritesSecondsWithThreeDecimals(long millis, string expected)
    {
        Span<byte> buffer = stackalloc byte[NumberFormatter.MaxLength];
        var written = NumberFormatter.WriteTimestamp(millis, buffer);

        Assert.Equal(expected, System.Text.Encoding.ASCII.GetString(buffer[..written]));
    }
}
