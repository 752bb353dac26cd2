namespace Observability.Cli;

/// <summary>What the process exit code means.</summary>
internal static class ExitCodes
{
    /// <summary>Done; for import and emit, nothing was rejected.</summary>
    public const int Ok = 0;

    /// <summary>The work failed: the sidecar could not be reached or refused, events were rejected, or the log has problems.</summary>
    public const int Failed = 1;

    /// <summary>The command line was wrong, or the command needs a mode it was not given (e.g. <c>summary</c> needs <c>--url</c>).</summary>
    public const int Usage = 2;
}
