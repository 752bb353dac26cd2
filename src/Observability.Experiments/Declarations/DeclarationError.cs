namespace Observability.Experiments.Declarations;

/// <summary>Why a declaration is refused: the field (a JSON path such as <c>variants[1].name</c>) and what is wrong with it.</summary>
/// <param name="Field">The offending field.</param>
/// <param name="Detail">What is wrong, in words a client can act on.</param>
public sealed record DeclarationError(string Field, string Detail);
