using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Observability.Events;
using Observability.Review.Checks;
using Observability.Review.Findings;
using Observability.Review.State;

namespace Observability.Review.Tests;

/// <summary>
/// A log in memory folded by the one reader into the review's two projections, and review runs over it whose events
/// are folded back as the sidecar appends them; time is a <see cref="FakeTimeProvider"/>.
/// </summary>
internal sealed class ReviewLog
{
    public static readonly DateTimeOffset Now = new(2026, 3, 15, 12, 0, 0, TimeSpan.Zero);
    private readonly List<byte[]> _log = [];
    private int _ids;
    private int _folded;

    public ReviewLog(ReviewOptions? options = null)
    {
        Options = options ?? new ReviewOptions { IntervalSeconds = 0 };
        State = new ReviewState(Options);
    }

    public FakeTimeProvider Time { get; } = new(Now);

    public ReviewOptions Options { get; }

    public ReviewState State { get; private set; }

    public FindingsProjection Findings { get; private set; } = new();

    public List<GoalInput> Goals { get; } = [];

    public string Add(string eventType, string entityId, DateTimeOffset at, JsonObject? metadata = null, JsonObject? agent = null, string? chain = null)
    {
        var id = $"e{_ids++}";
        var e = new JsonObject
        {
            ["id"] = id,
            ["eventType"] = eventType,
            ["entityId"] = entityId,
            ["timestamp"] = at.ToString("O"),
            ["metadata"] = metadata ?? [],
        };
        if (agent is not null)
        {
            e["agent"] = agent;
        }

        if (chain is not null)
        {
            e["chainId"] = chain;
        }

        _log.Add(Encoding.UTF8.GetBytes(e.ToJsonString()));
        return id;
    }

    /// <summary>One review run at the fake clock's now: its events appended and folded, the plan returned.</summary>
    public ReviewPlan Review()
    {
        Fold();
        var plan = ReviewPlan.Compute(State, Findings, Options, Goals, Time.GetUtcNow());
        foreach (var e in plan.Opened.Select(o => o.Event).Concat(plan.Closed.Select(c => c.Event)))
        {
            _log.Add(Encoding.UTF8.GetBytes(e.ToJsonString()));
        }

        Fold();
        return plan;
    }

    /// <summary>The candidates every check gives now, without a run.</summary>
    public List<FindingCandidate> Candidates()
    {
        Fold();
        return ReviewPlan.Candidates(new ReviewContext(State, Options, Goals, Time.GetUtcNow()));
    }

    public FindingCandidate Single(string kind, string subject)
    {
        var found = Candidates().Where(c => c.Kind.Name == kind && c.Subject == subject).ToList();
        Assert.True(found.Count == 1, $"{kind} {subject}: {found.Count} candidates; all: {string.Join(", ", Candidates().Select(c => c.Key.Replace('\n', '/')))}");
        return found[0];
    }

    public bool Holds(string kind, string subject) => Candidates().Any(c => c.Kind.Name == kind && c.Subject == subject);

    /// <summary>Both projections written and read into fresh ones, as a restart from a snapshot does.</summary>
    public void Restart()
    {
        Fold();
        State = RoundTrip(State, new ReviewState(Options));
        Findings = RoundTrip(Findings, new FindingsProjection());
    }

    /// <summary>Both projections rebuilt from the whole log, as a restart without a snapshot does.</summary>
    public void Replay()
    {
        State = new ReviewState(Options);
        Findings = new FindingsProjection();
        _folded = 0;
        Fold();
    }

    public static double Figure(FindingCandidate c, string name) => c.Figures.Single(f => f.Key == name).Value;

    private void Fold()
    {
        for (; _folded < _log.Count; _folded++)
        {
            Assert.True(StoredEventReader.TryRead(_log[_folded], _folded, out var e), Encoding.UTF8.GetString(_log[_folded]));
            State.Apply(e);
            Findings.Apply(e);
        }
    }

    private static T RoundTrip<T>(Projections.IProjection written, T fresh)
        where T : Projections.IProjection
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
