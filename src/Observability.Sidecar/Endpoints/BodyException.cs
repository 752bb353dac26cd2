namespace Observability.Sidecar.Endpoints;

/// <summary>A request body field is missing or wrong; answered as a 400 problem naming <see cref="Field"/>.</summary>
internal sealed class BodyException(string field, string detail) : Exception($"{field}: {detail}")
{
    public string Field { get; } = field;

    public string Detail { get; } = detail;
}
