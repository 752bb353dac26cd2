namespace Observability.Events;

/// <summary>Why an event was rejected: the field (a dotted path, empty for the whole event) and the problem.</summary>
/// <param name="Field">The offending field.</param>
/// <param name="Reason">What is wrong with it, in words a sender can act on.</param>
public sealed record ValidationError(string Field, string Reason);
