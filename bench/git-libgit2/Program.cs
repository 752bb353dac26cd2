using System.Diagnostics;
using LibGit2Sharp;
// The same walk as agentobs import --from-git: every commit from HEAD, oldest first (topological + time), each diffed
// against its first parent with rename detection; counts the changes.
var sw = Stopwatch.StartNew();
using var repo = new Repository(args[0]);
var filter = new CommitFilter { IncludeReachableFrom = repo.Head, SortBy = CommitSortStrategies.Topological | CommitSortStrategies.Time | CommitSortStrategies.Reverse };
var compare = new CompareOptions { Similarity = SimilarityOptions.Renames };
long commits = 0, changes = 0;
foreach (var commit in repo.Commits.QueryBy(filter))
{
    commits++;
    var parent = commit.Parents.FirstOrDefault();
    using var diff = repo.Diff.Compare<TreeChanges>(parent?.Tree, commit.Tree, compare);
    foreach (var change in diff) { changes++; }
}
Console.WriteLine($"{commits} commits, {changes} changes in {sw.Elapsed.TotalSeconds:0.00} s");
