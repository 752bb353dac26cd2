using System.CommandLine;

namespace Observability.Cli;

/// <summary>The <c>--data-dir</c> of a command that works on the files only (<c>verify</c>, <c>tail</c>, <c>refresh</c>).</summary>
internal static class OfflineDataDirectory
{
    /// <summary>
    /// The data directory and its <c>events</c> folder, or false after printing why: no <c>--data-dir</c>
    /// (<paramref name="needs"/> says why the command needs one; exit code 2) or no <c>events</c> folder in it (exit code 1).
    /// </summary>
    public static bool TryGet(ParseResult parse, string command, string needs, out DirectoryInfo dataDirectory, out string events, out int exitCode)
    {
        var error = parse.InvocationConfiguration.Error;
        events = string.Empty;
        exitCode = ExitCodes.Ok;
        if (parse.GetValue(CommonOptions.DataDir) is not { } given)
        {
            error.WriteLine($"agentobs {command}: {needs}");
            dataDirectory = new DirectoryInfo(".");
            exitCode = ExitCodes.Usage;
            return false;
        }

        dataDirectory = given;
        events = CommonOptions.EventsDirectory(given);
        if (!Directory.Exists(events))
        {
            error.WriteLine($"agentobs {command}: {events} does not exist.");
            exitCode = ExitCodes.Failed;
            return false;
        }

        return true;
    }
}
