namespace Observability.Sidecar.Tests.Support;

/// <summary>
/// One sidecar shared by the tests of a class (xunit runs them one after another), on its own temp data directory.
/// Tests that share it use label values of their own or compare before and after their request.
/// </summary>
public class SidecarFixture : IAsyncLifetime
{
    private readonly TempDirectory _directory = new("fixture");
    private SidecarProcess? _sidecar;

    internal SidecarProcess Sidecar => _sidecar ?? throw new InvalidOperationException("The fixture was not initialized.");

    /// <summary>Extra command-line arguments for the sidecar.</summary>
    protected virtual IReadOnlyList<string> Arguments => [];

    public async Task InitializeAsync() =>
        _sidecar = await SidecarProcess.StartAsync(new SidecarStart(_directory.Combine("data")) { Arguments = Arguments });

    public async Task DisposeAsync()
    {
        if (_sidecar is not null)
        {
            await _sidecar.DisposeAsync();
        }

        _directory.Dispose();
    }
}
