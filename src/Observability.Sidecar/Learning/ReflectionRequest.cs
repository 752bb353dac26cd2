using Observability.Learning.Reflection;

namespace Observability.Sidecar.Learning;

/// <summary>A reflection run asked for on demand, and where its result goes.</summary>
internal sealed class ReflectionRequest
{
    public TaskCompletionSource<ReflectionResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>A stored run: the run and whether its event was new (<c>accepted</c>) or already in the log (<c>duplicate</c>).</summary>
internal sealed record ReflectionResult(ReflectionRun Run, string Status);
