using System.Text;
using Microsoft.Extensions.Configuration;
using Observability.Projections;
using Observability.Sidecar.Hosting;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests.Hosting;

/// <summary>
/// What a refresh of a running sidecar relies on: each of the sidecar's projections, used, takes a state read from
/// another projection exactly (replaced, not added to), so after the swap it holds the rebuilt state and nothing else.
/// </summary>
public sealed class ProjectionStateTests
{
    [Fact]
    public async Task ReadState_EverySidecarProjectionAlreadyHoldingTheWholeLog_HoldsExactlyTheStateRead()
    {
        using var directory = new TempDirectory("projection-state");
        var data = directory.Combine("data");
        var history = ProjectionEquivalenceTests.History(DateTimeOffset.UtcNow.AddHours(-6));
        await using (var sidecar = await SidecarProcess.StartAsync(data))
        {
            foreach (var batch in history.Chunk(25))
            {
                Assert.Equal(batch.Length, (await sidecar.PostNdjsonAsync(batch)).Json.GetProperty("accepted").GetInt32());
            }

            Assert.Equal(0, await sidecar.StopAsync());
        }

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Sidecar:DataDirectory"] = data })
            .Build();
        var events = Path.Combine(data, "events");
        var (whole, wholeServices) = SidecarProjectionHost.Create(configuration);
        var (half, halfServices) = SidecarProjectionHost.Create(configuration);
        try
        {
            whole.ReadAll(events);
            half.ReadUntil(events, history.Length / 2);
            for (var i = 0; i < whole.Projections.Count; i++)
            {
                var used = whole.Projections[i];
                var wholeState = StateOf(used);
                var halfState = StateOf(half.Projections[i]);

                // Its own state read back: the same, not doubled; another's: exactly that one.
                Restore(used, wholeState);
                Assert.True(wholeState.SequenceEqual(StateOf(used)), $"{used.Name}: its own state read back differs");
                Restore(used, halfState);
                Assert.True(halfState.SequenceEqual(StateOf(used)), $"{used.Name}: another state read into it is not that state");
            }
        }
        finally
        {
            await whole.DisposeAsync();
            await half.DisposeAsync();
            await wholeServices.DisposeAsync();
            await halfServices.DisposeAsync();
        }
    }

    private static byte[] StateOf(IProjection projection)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            projection.WriteState(writer);
        }

        return stream.ToArray();
    }

    private static void Restore(IProjection projection, byte[] state)
    {
        using var reader = new BinaryReader(new MemoryStream(state), Encoding.UTF8);
        projection.ReadState(reader);
        Assert.Equal(state.Length, reader.BaseStream.Position);
    }
}
