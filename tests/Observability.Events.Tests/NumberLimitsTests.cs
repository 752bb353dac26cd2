using System.Text.Json;
using Observability.Events;

namespace Observability.Events.Tests;

public sealed class NumberLimitsTests
{
    [Theory]
    [InlineData("12", 12)]
    [InlineData("1.2e1", 12)]
    [InlineData("12.0", 12)]
    [InlineData("1E3", 1000)]
    [InlineData("0", 0)]
    [InlineData("-0", 0)]
    public void TryWhole_AnySpellingOfAWholeNumberInRange_IsItsValue(string json, long expected)
    {
        using var document = JsonDocument.Parse(json);

        Assert.True(NumberLimits.TryWhole(document.RootElement, 0, 1000, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("1.5e0")]
    [InlineData("1001")]
    [InlineData("1e30")]
    [InlineData("12345678901234567890")]
    [InlineData("-1")]
    [InlineData("\"5\"")]
    [InlineData("1e400")]
    public void TryWhole_FractionOutOfRangeOrNotANumber_IsRefused(string json)
    {
        using var document = JsonDocument.Parse(json);

        Assert.False(NumberLimits.TryWhole(document.RootElement, 0, 1000, out _));
    }
}
