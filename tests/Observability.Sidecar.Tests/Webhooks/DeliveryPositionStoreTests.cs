using System.Text.Json;
using Observability.Sidecar.Tests.Support;
using Observability.Sidecar.Webhooks;

namespace Observability.Sidecar.Tests.Webhooks;

public sealed class DeliveryPositionStoreTests
{
    private static readonly Uri Url = new("https://user:pw@hooks.example/crossings?token=s3cret");

    [Fact]
    public void Load_NoFileYet_ReturnsNull()
    {
        using var directory = new TempDirectory("position-none");

        Assert.Null(new DeliveryPositionStore(directory.Combine("webhooks"), Url).Load());
    }

    [Fact]
    public void Save_ThenLoad_RoundTripsThePositionOwnerOnlyWithoutSecrets()
    {
        using var directory = new TempDirectory("position-roundtrip");
        var store = new DeliveryPositionStore(directory.Combine("webhooks"), Url);
        var failing = new DateTimeOffset(2026, 3, 1, 12, 0, 0, 123, TimeSpan.Zero);
        var position = new DeliveryPosition(4711, failing, failing.AddSeconds(-3));

        store.Save(position);

        Assert.Equal(position, new DeliveryPositionStore(directory.Combine("webhooks"), Url).Load());
        Assert.Equal([store.Path], Directory.GetFiles(directory.Combine("webhooks")));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.Path));
        }

        var text = File.ReadAllText(store.Path);
        Assert.Equal("https://hooks.example/crossings", JsonDocument.Parse(text).RootElement.GetProperty("receiver").GetString());
        Assert.DoesNotContain("s3cret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("pw", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Save_Again_ReplacesThePositionAndClearsWhatIsNull()
    {
        using var directory = new TempDirectory("position-replace");
        var store = new DeliveryPositionStore(directory.Path, Url);
        store.Save(new DeliveryPosition(10, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch));

        store.Save(new DeliveryPosition(11));

        Assert.Equal(new DeliveryPosition(11), store.Load());
    }

    [Fact]
    public void Save_WriteFails_KeepsThePreviousPositionAndNoTemporary()
    {
        using var directory = new TempDirectory("position-fail");
        var store = new DeliveryPositionStore(directory.Path, Url);
        store.Save(new DeliveryPosition(42));

        // A directory where the temporary file goes: the write fails before anything is renamed.
        Directory.CreateDirectory(store.Path + ".tmp");
        var error = Record.Exception(() => store.Save(new DeliveryPosition(43)));
        Assert.True(error is IOException or UnauthorizedAccessException, $"{error}");
        Directory.Delete(store.Path + ".tmp");

        Assert.Equal(new DeliveryPosition(42), store.Load());
        Assert.Equal([store.Path], Directory.GetFiles(directory.Path));
    }

    [Fact]
    public void Path_DependsOnTheWholeUrl()
    {
        using var directory = new TempDirectory("position-names");

        var a = new DeliveryPositionStore(directory.Path, new Uri("http://127.0.0.1:9000/a")).Path;
        var b = new DeliveryPositionStore(directory.Path, new Uri("http://127.0.0.1:9000/b")).Path;

        Assert.NotEqual(a, b);
        Assert.Equal(a, new DeliveryPositionStore(directory.Path, new Uri("http://127.0.0.1:9000/a")).Path);
        Assert.Matches(@"[0-9a-f]{16}\.position$", a);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"next\":")]
    [InlineData("{\"next\":-1}")]
    [InlineData("{\"next\":\"12\"}")]
    [InlineData("[]")]
    public void Load_DamagedFile_ThrowsNamingIt(string content)
    {
        using var directory = new TempDirectory("position-damaged");
        var store = new DeliveryPositionStore(directory.Path, Url);
        File.WriteAllText(store.Path, content);

        var error = Assert.Throws<InvalidDataException>(store.Load);

        Assert.Contains(store.Path, error.Message, StringComparison.Ordinal);
    }
}
