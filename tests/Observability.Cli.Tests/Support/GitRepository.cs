using System.Diagnostics;
using System.Globalization;

namespace Observability.Cli.Tests.Support;

/// <summary>A real git repository in a folder, built with the <c>git</c> command line, commit times set by the test.</summary>
internal sealed class GitRepository
{
    public GitRepository(string path)
    {
        Path = path;
        Directory.CreateDirectory(path);
        Git("init", "-q", "-b", "main");
        Git("config", "user.email", "test@example.invalid");
        Git("config", "user.name", "test");
        Git("config", "commit.gpgsign", "false");
    }

    public string Path { get; }

    /// <summary>Writes a file (folders created), staged.</summary>
    public void Write(string file, string text = "task\n")
    {
        var full = System.IO.Path.Combine(Path, file);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        Git("add", file);
    }

    /// <summary><c>git mv</c>, the target folder created.</summary>
    public void Move(string from, string to)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.Combine(Path, to))!);
        Git("mv", from, to);
    }

    public void Remove(string file) => Git("rm", "-q", file);

    /// <summary>Commits what is staged with author and committer time <paramref name="time"/>; returns the hash.</summary>
    public string Commit(string time, string message = "change")
    {
        Git(new Dictionary<string, string> { ["GIT_AUTHOR_DATE"] = time, ["GIT_COMMITTER_DATE"] = time }, "commit", "-q", "-m", message);
        return Git("rev-parse", "HEAD").Trim();
    }

    /// <summary>A merge commit of <paramref name="branch"/> (never a fast-forward) at <paramref name="time"/>; returns its hash.</summary>
    public string Merge(string branch, string time)
    {
        Git(new Dictionary<string, string> { ["GIT_AUTHOR_DATE"] = time, ["GIT_COMMITTER_DATE"] = time }, "merge", "-q", "--no-ff", "-m", $"merge {branch}", branch);
        return Git("rev-parse", "HEAD").Trim();
    }

    public string Git(params string[] arguments) => Git(new Dictionary<string, string>(), arguments);

    private string Git(Dictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var git = Process.Start(start)!;
        var stderr = git.StandardError.ReadToEndAsync();
        var output = git.StandardOutput.ReadToEnd();
        git.WaitForExit();
        return git.ExitCode == 0
            ? output
            : throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"git {string.Join(' ', arguments)} exited {git.ExitCode}: {stderr.Result}"));
    }
}
