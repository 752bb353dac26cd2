using System.Text.Json;
using Observability.Events;

namespace Observability.Review.State;

/// <summary>
/// Spec, implementation, review and testing: coverage around merges, test runs per suite, approvals contradicted by
/// rework or escaped defects, and work-statement runs that changed files outside their allowed paths.
/// </summary>
internal sealed partial class ReviewState
{
    /// <summary>The project a coverage report or merge without <c>metadata.project</c> counts under.</summary>
    public const string GlobalProject = "_global";

    private const int RunsPerSuite = 64;
    private static readonly string[] FinalStatuses = ["COMPLETED", "FAILED", "HARD_STOP"];
    private readonly Dictionary<string, CoverageState> _coverage = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OccurrenceList> _suites = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Approval> _approvals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Contradiction> _inconsistent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string[]> _allowed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OutOfScope> _outOfScope = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, CoverageState> Coverage => _coverage;

    /// <summary>The last 64 <c>test:run</c>s per suite (entity id): value = flaky, extra = skipped (-1 when not reported).</summary>
    public IReadOnlyDictionary<string, OccurrenceList> Suites => _suites;

    public IReadOnlyDictionary<string, Contradiction> Contradictions => _inconsistent;

    public IReadOnlyDictionary<string, OutOfScope> OutOfScopeRuns => _outOfScope;

    private void ApplyQuality(in StoredEvent e)
    {
        var m = e.Metadata;
        switch (e.EventType)
        {
            case "coverage:reported" when m.Number("percent"u8) is { } percent:
            {
                var c = CoverageOf(m.Text("project"u8));
                c.Latest = percent;
                c.LatestEventId = e.Id;
                if (c.MergeEventId is not null)
                {
                    c.After = percent;
                    c.AfterEventId = c.LatestEventId;
                }

                break;
            }

            case "workitem:merged":
            {
                var c = CoverageOf(m.Text("project"u8));
                c.Before = c.Latest;
                c.BeforeEventId = c.LatestEventId;
                c.MergeEventId = e.Id;
                c.After = null;
                c.AfterEventId = null;
                break;
            }

            case "test:run":
            {
                if (!_suites.TryGetValue(e.EntityId, out var runs))
                {
                    _suites[e.EntityId] = runs = new OccurrenceList(RunsPerSuite);
                }

                runs.Add(new Occurrence(e.Timestamp, e.Id, m.Number("flaky"u8) ?? 0, m.Number("skipped"u8) ?? -1));
                break;
            }

            case "workitem:reviewed" when m.StringEquals("verdict"u8, "approved"u8):
                _approvals[e.EntityId] = new Approval(e.Timestamp, e.Id);
                break;
            case "defect:detected" when m.Boolean("escaped"u8) == true && m.Text("workItem"u8) is { } workItem:
                Contradicted(workItem, e.Id, e.Timestamp, "escaped_defect");
                break;
            case "ws:execution":
                ApplyRun(e);
                break;
            default:
                break;
        }
    }

    private CoverageState CoverageOf(string? project)
    {
        project ??= GlobalProject;
        if (!_coverage.TryGetValue(project, out var c))
        {
            _coverage[project] = c = new CoverageState();
        }

        return c;
    }

    private void Contradicted(string workItem, string eventId, DateTimeOffset at, string reason)
    {
        if (_approvals.TryGetValue(workItem, out var approval) && approval.At <= at)
        {
            _inconsistent[workItem] = new Contradiction(workItem, approval.EventId, approval.At, eventId, at, reason);
        }
    }

    private void ApplyRun(in StoredEvent e)
    {
        var m = e.Metadata;
        var run = e.EntityId;
        if (m.Strings("allowedPaths") is { Length: > 0 } allowed)
        {
            _allowed[run] = allowed;
        }

        if (_allowed.TryGetValue(run, out var paths) && m.TryGet("fileMetrics"u8, out var files) && files.Kind == JsonTokenType.StartObject)
        {
            var outside = new List<string>();
            var count = 0;
            foreach (var file in ChangedFiles(files.Raw))
            {
                if (!PathPattern.AnyMatches(paths, file))
                {
                    count++;
                    if (outside.Count < 20)
                    {
                        outside.Add(file);
                    }
                }
            }

            if (count > 0)
            {
                _outOfScope[run] = new OutOfScope(run, e.Timestamp, e.Id, count, outside, paths.Length);
            }
            else
            {
                _outOfScope.Remove(run);
            }
        }

        if (m.Text("status"u8) is { } status && FinalStatuses.Contains(status))
        {
            _allowed.Remove(run);
        }
    }

    // fileMetrics as the WS-METRICS contract sends it: lists of paths under created, modified and deleted.
    private static List<string> ChangedFiles(ReadOnlySpan<byte> json)
    {
        var files = new List<string>();
        var reader = new Utf8JsonReader(json);
        var depth = 0;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    depth++;
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    depth--;
                    break;
                case JsonTokenType.String when depth == 2:
                    files.Add(reader.GetString()!);
                    break;
                default:
                    break;
            }
        }

        return files;
    }

    private void WriteQuality(BinaryWriter w)
    {
        StateMaps.Write(w, _coverage, (w, c) => c.Write(w));
        StateMaps.Write(w, _suites, (w, list) => list.Write(w));
        StateMaps.Write(w, _approvals, (w, a) =>
        {
            w.Write(a.At);
            w.Write(a.EventId);
        });

        w.Write(_inconsistent.Count);
        foreach (var c in _inconsistent.Values)
        {
            w.Write(c.WorkItem);
            w.Write(c.ReviewEventId);
            w.Write(c.ApprovedAt);
            w.Write(c.LaterEventId);
            w.Write(c.LaterAt);
            w.Write(c.Reason);
        }

        StateMaps.Write(w, _allowed, WriteStrings);

        w.Write(_outOfScope.Count);
        foreach (var o in _outOfScope.Values)
        {
            w.Write(o.Run);
            w.Write(o.At);
            w.Write(o.EventId);
            w.Write(o.Count);
            WriteStrings(w, o.Files);
            w.Write(o.AllowedPaths);
        }
    }

    private void ReadQuality(BinaryReader r)
    {
        StateMaps.Read(r, _coverage, CoverageState.Read);
        StateMaps.Read(r, _suites, r => OccurrenceList.Read(r, RunsPerSuite));
        StateMaps.Read(r, _approvals, r => new Approval(r.ReadDateTimeOffset(), r.ReadString()));

        _inconsistent.Clear();
        var inconsistent = r.ReadCount();
        for (var i = 0; i < inconsistent; i++)
        {
            var c = new Contradiction(r.ReadString(), r.ReadString(), r.ReadDateTimeOffset(), r.ReadString(), r.ReadDateTimeOffset(), r.ReadString());
            _inconsistent[c.WorkItem] = c;
        }

        StateMaps.Read(r, _allowed, ReadStrings);

        _outOfScope.Clear();
        var outOfScope = r.ReadCount();
        for (var i = 0; i < outOfScope; i++)
        {
            var o = new OutOfScope(r.ReadString(), r.ReadDateTimeOffset(), r.ReadString(), r.ReadInt32(), ReadStrings(r), r.ReadInt32());
            _outOfScope[o.Run] = o;
        }
    }

    private static void WriteStrings(BinaryWriter w, IReadOnlyList<string> values)
    {
        w.Write(values.Count);
        foreach (var v in values)
        {
            w.Write(v);
        }
    }

    private static string[] ReadStrings(BinaryReader r)
    {
        var values = new string[r.ReadCount()];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = r.ReadString();
        }

        return values;
    }
}
