namespace Observability.Cli.GitImport;

/// <summary>
/// Infers events from a history, one commit at a time, oldest first: which state each task and request file moved
/// into, when a task left a final state (rework), and when a chain got its first task or had every task final.
/// </summary>
/// <remarks>
/// State is kept per entity (type, chain, id), not per path, so a file git reports as deleted and added in one commit
/// (a move it did not detect as a rename) is still one move, and a file deleted and later added back is compared with
/// the state it left. A file renamed (a new id) carries its state to the new id. Editing a file in place or deleting
/// it emits nothing: ADR-009 has no event for either.
/// </remarks>
internal sealed class GitEventInference(GitLayout layout)
{
    private readonly Dictionary<string, LayoutRule> _states = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Placed> _paths = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _holders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ChainState> _chains = new(StringComparer.Ordinal);

    /// <summary>The events <paramref name="commit"/> implies, in order.</summary>
    public List<GitEvent> Apply(GitCommit commit)
    {
        var events = new List<GitEvent>();
        var touched = new List<(ChainState Chain, string Folder)>();
        var renamed = new Dictionary<string, string>(StringComparer.Ordinal);

        // Deletions first, so an add of the same entity in this commit is seen as the move it is.
        foreach (var change in commit.Changes)
        {
            if (change.Status == 'R' && _paths.TryGetValue(change.OldPath!, out var from))
            {
                renamed[change.Path] = from.Key;
            }

            if (change.Status is 'D' or 'R')
            {
                Remove(change.Status == 'D' ? change.Path : change.OldPath!, touched);
            }
        }

        foreach (var change in commit.Changes)
        {
            if (change.Status is 'A' or 'C' or 'R')
            {
                Arrive(commit, change.Path, renamed.GetValueOrDefault(change.Path), events, touched);
            }
        }

        // Per chain, where its latest task arrived (or left, when none arrived): the chain's folder as of this commit.
        foreach (var (chain, folder) in touched.GroupBy(t => t.Chain.Id, StringComparer.Ordinal).Select(g => g.Last()))
        {
            var final = chain.Tasks.Count > 0 && chain.Tasks.All(t => _states[t].Final);
            if (final && !chain.Completed && layout.ChainCompleted is { } completed)
            {
                events.Add(new GitEvent(commit.Hash, commit.Time, folder, completed, chain.Id, null));
            }

            chain.Completed = final;
        }

        return events;
    }

    private void Arrive(GitCommit commit, string path, string? renamedFrom, List<GitEvent> events, List<(ChainState, string)> touched)
    {
        LayoutRule? rule = null;
        string id = string.Empty, chainFolder = string.Empty;
        string? chain = null;
        foreach (var candidate in layout.Rules)
        {
            if (candidate.Pattern.TryMatch(path, out id, out chain, out var folder))
            {
                rule = candidate;
                chainFolder = folder ?? string.Empty;
                break;
            }
        }

        if (rule is null)
        {
            return;
        }

        var key = $"{rule.EntityType}\0{chain}\0{id}";
        // A renamed file keeps its entity's state: renaming a task without moving it emits nothing.
        if (!_states.TryGetValue(key, out var previous) && renamedFrom is not null && _states.TryGetValue(renamedFrom, out var before) && before.EntityType == rule.EntityType)
        {
            previous = before;
        }

        _states[key] = rule;
        if (_paths.Remove(path, out var replaced))
        {
            _holders[replaced.Key]--;
        }

        _paths[path] = new Placed(key, chain, chainFolder);
        _holders[key] = _holders.GetValueOrDefault(key) + 1;
        if (chain is not null)
        {
            if (!_chains.TryGetValue(chain, out var state))
            {
                _chains[chain] = state = new ChainState(chain);
                if (layout.ChainCreated is { } created)
                {
                    events.Add(new GitEvent(commit.Hash, commit.Time, chainFolder, created, chain, null));
                }
            }

            state.Tasks.Add(key);
            touched.Add((state, chainFolder));
        }

        var type = previous switch
        {
            null => rule.Event,
            _ when previous.Event == rule.Event => null,
            { Final: true } when !rule.Final => layout.Rework.GetValueOrDefault(rule.EntityType),
            _ => rule.Event,
        };
        if (type is not null)
        {
            events.Add(new GitEvent(commit.Hash, commit.Time, path, type, id, chain));
        }
    }

    private void Remove(string path, List<(ChainState, string)> touched)
    {
        if (!_paths.Remove(path, out var placed))
        {
            return;
        }

        // The task leaves its chain unless another path still holds it (a copy).
        if (--_holders[placed.Key] == 0 && placed.Chain is not null)
        {
            var chain = _chains[placed.Chain];
            chain.Tasks.Remove(placed.Key);
            touched.Add((chain, placed.ChainFolder));
        }
    }

    private sealed record Placed(string Key, string? Chain, string ChainFolder);

    private sealed class ChainState(string id)
    {
        public string Id { get; } = id;

        public HashSet<string> Tasks { get; } = new(StringComparer.Ordinal);

        public bool Completed { get; set; }
    }
}
