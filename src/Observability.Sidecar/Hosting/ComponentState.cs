namespace Observability.Sidecar.Hosting;

/// <summary>One component's latest state, set by the component, read by <c>/health</c>.</summary>
internal sealed class ComponentState(string initial)
{
    private volatile ComponentReading _current = new(initial, null);

    public ComponentReading Current => _current;

    public void Set(string state, string? detail = null) => _current = new ComponentReading(state, detail);
}
