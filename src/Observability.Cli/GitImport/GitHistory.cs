using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Observability.Cli.GitImport;

/// <summary>One file change of a commit, as <c>git log --name-status</c> reports it.</summary>
/// <param name="Status">A (added), M, D, T, R (renamed or moved), C (copied).</param>
/// <param name="OldPath">Where a renamed or copied file came from.</param>
/// <param name="Path">The file's path in the repository.</param>
internal sealed record GitChange(char Status, string? OldPath, string Path);

/// <summary>One commit: its hash, committer time and the files it changed against its first parent.</summary>
internal sealed record GitCommit(string Hash, DateTimeOffset Time, IReadOnlyList<GitChange> Changes);

/// <summary>
/// A repository's history through the <c>git</c> command line: one <c>git log</c> process streams every commit reachable
/// from HEAD, parents before children, with the files each changed (renames detected), NUL-separated so no path is
/// quoted. Merge commits list no changes (git's default): the moves they bring in are listed on the branch's own commits.
/// </summary>
internal static class GitHistory
{
    private const char CommitMark = '\u001e';

    /// <summary>Why <paramref name="repository"/> is not a git work tree or repository, or null when it is one.</summary>
    public static string? Problem(string repository)
    {
        if (!Directory.Exists(repository))
        {
            return $"{repository} does not exist";
        }

        var (exit, output) = Run(repository, "rev-parse", "--git-dir");
        return exit == 0 ? null : $"{repository} is not a git repository ({output.Trim()})";
    }

    /// <summary>How many commits HEAD reaches (0 for a repository without commits), for the progress bar.</summary>
    public static long CountCommits(string repository)
    {
        var (exit, output) = Run(repository, "rev-list", "--count", "HEAD");
        return exit == 0 && long.TryParse(output.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : 0;
    }

    /// <summary>Every commit HEAD reaches, oldest first.</summary>
    /// <exception cref="IOException">git failed (its message is in the exception).</exception>
    public static IEnumerable<GitCommit> Commits(string repository)
    {
        if (CountCommits(repository) == 0)
        {
            yield break;
        }

        using var git = Start(repository, "log", "--reverse", "--date-order", "-M", "--name-status", "-z", "--no-color", "--format=%x1e%H %cI", "HEAD");
        var stderr = git.StandardError.ReadToEndAsync();
        var reader = git.StandardOutput;
        var token = new StringBuilder();
        GitCommitBuilder? current = null;
        var pending = new List<string>(3);
        int c;
        while ((c = reader.Read()) >= 0)
        {
            if (c != 0)
            {
                token.Append((char)c);
                continue;
            }

            // A commit without changes (a merge) is followed by a newline before the next header.
            var text = token.ToString().TrimStart('\n');
            token.Clear();
            if (text.Length > 0 && text[0] == CommitMark)
            {
                if (current is not null)
                {
                    yield return current.Build();
                }

                current = GitCommitBuilder.Header(text[1..]);
                continue;
            }

            current?.Token(text);
        }

        if (current is not null)
        {
            yield return current.Build();
        }

        git.WaitForExit();
        if (git.ExitCode != 0)
        {
            throw new IOException($"git log in {repository} failed (exit code {git.ExitCode}): {stderr.GetAwaiter().GetResult().Trim()}");
        }
    }

    private static (int Exit, string Output) Run(string repository, params string[] arguments)
    {
        using var git = Start(repository, arguments);
        var stderr = git.StandardError.ReadToEndAsync();
        var output = git.StandardOutput.ReadToEnd();
        git.WaitForExit();
        return (git.ExitCode, git.ExitCode == 0 ? output : stderr.GetAwaiter().GetResult());
    }

    private static Process Start(string repository, params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var argument in (string[])["-C", repository, "-c", "core.quotepath=off", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        // The user's pager, colour and locale settings must not change what is parsed.
        start.Environment["GIT_PAGER"] = "cat";
        start.Environment["LC_ALL"] = "C";
        try
        {
            return Process.Start(start) ?? throw new IOException("git could not be started.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new IOException($"git could not be started (is it installed and on PATH?): {e.Message}", e);
        }
    }

    /// <summary>Collects one commit's NUL-separated tokens: a status, then one path (two for a rename or copy).</summary>
    private sealed class GitCommitBuilder(string hash, DateTimeOffset time)
    {
        private readonly List<GitChange> _changes = [];
        private string? _status;
        private string? _old;

        public static GitCommitBuilder Header(string header)
        {
            var space = header.IndexOf(' ', StringComparison.Ordinal);
            return new GitCommitBuilder(header[..space], DateTimeOffset.Parse(header[(space + 1)..].Trim(), CultureInfo.InvariantCulture, DateTimeStyles.None));
        }

        public void Token(string text)
        {
            if (text.Length == 0)
            {
                return;
            }

            if (_status is null)
            {
                _status = text;
                return;
            }

            var kind = _status[0];
            if (kind is 'R' or 'C' && _old is null)
            {
                _old = text;
                return;
            }

            _changes.Add(new GitChange(kind, _old, text));
            _status = null;
            _old = null;
        }

        public GitCommit Build() => new(hash, time, _changes);
    }
}
