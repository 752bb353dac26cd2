using System.Text;
using System.Text.Json.Nodes;
using Observability.Events;
using Observability.Projections;

namespace Observability.Proposals.Tests;

/// <summary>A log of findings (the finding contract's events, <see cref="Observability.Sidecar.Tests.Support.FindingEvents"/>) and decisions, read by the one reader and folded in order.</summary>
internal sealed class Findings
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly List<byte[]> _log = [];

    public void Add(JsonObject e) => _log.Add(Encoding.UTF8.GetBytes(e.ToJsonString()));

    public void FoldInto(IProjection projection)
    {
        for (var i = 0; i < _log.Count; i++)
        {
            Assert.True(StoredEventReader.TryRead(_log[i], i, out var e), Encoding.UTF8.GetString(_log[i]));
            projection.Apply(e);
        }
    }

    public static T RoundTrip<T>(IProjection written, T fresh)
        where T : IProjection
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            written.WriteState(writer);
        }

        buffer.Position = 0;
        using var reader = new BinaryReader(buffer);
        fresh.ReadState(reader);
        Assert.Equal(buffer.Length, buffer.Position);
        return fresh;
    }
}
