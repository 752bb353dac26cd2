namespace Observability.EventLog.Tests;

public sealed class EventLogOptionsTests
{
    [Fact]
    public void Validate_Defaults_Passes()
    {
        var options = new EventLogOptions();

        options.Validate();

        Assert.Equal("data/events", options.Directory);
        Assert.Equal(64L * 1024 * 1024, options.SegmentMaxBytes);
        Assert.Equal(65_536, options.QueueCapacity);
        Assert.True(options.Fsync);
        Assert.Equal(4L * 1024 * 1024, options.PreallocationBytes);
    }

    [Theory]
    [InlineData(1, "was 1")]
    [InlineData(4095, "0 (off) or at least 4096 bytes, was 4095")]
    [InlineData(-1, "was -1")]
    public void Validate_PreallocationOutOfRange_ThrowsNamingIt(long preallocationBytes, string problem)
    {
        var options = new EventLogOptions { PreallocationBytes = preallocationBytes };

        var exception = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("EventLogOptions.PreallocationBytes", exception.Message, StringComparison.Ordinal);
        Assert.Contains(problem, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4096)]
    public void Validate_PreallocationOffOrOnePage_Passes(long preallocationBytes) =>
        new EventLogOptions { PreallocationBytes = preallocationBytes }.Validate();

    [Theory]
    [InlineData("", 1024, 16, "EventLogOptions.Directory", "empty")]
    [InlineData("  ", 1024, 16, "EventLogOptions.Directory", "empty")]
    [InlineData("d", 10, 16, "EventLogOptions.SegmentMaxBytes", "at least 64 bytes, was 10")]
    [InlineData("d", -1, 16, "EventLogOptions.SegmentMaxBytes", "was -1")]
    [InlineData("d", 1024, 0, "EventLogOptions.QueueCapacity", "at least 1, was 0")]
    public void Validate_OutOfRange_ThrowsNamingSettingAndProblem(string directory, long segmentMaxBytes, int queueCapacity, string setting, string problem)
    {
        var options = new EventLogOptions { Directory = directory, SegmentMaxBytes = segmentMaxBytes, QueueCapacity = queueCapacity };

        var exception = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains(setting, exception.Message, StringComparison.Ordinal);
        Assert.Contains(problem, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_InvalidOptions_ThrowsBeforeTouchingTheDisk()
    {
        var directory = Path.Combine(Path.GetTempPath(), "eventlog-tests", Guid.NewGuid().ToString("N"));

        var exception = Assert.Throws<ArgumentException>(() => EventLog.Open(new EventLogOptions { Directory = directory, QueueCapacity = 0 }));

        Assert.Contains("EventLogOptions.QueueCapacity", exception.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(directory));
    }
}
