namespace Observability.Events;

/// <summary>
/// One property as written: its value's bytes, and how far its members reach. Its name lies between the end of what came
/// before it (its previous sibling's value, or its object's opening brace) and its value.
/// </summary>
/// <param name="ValueStart">The position of the value's first byte.</param>
/// <param name="ValueEnd">The position after the value's last byte.</param>
/// <param name="After">
/// The index after the entry's last member: its own index plus one when it has none, which for an object means it was
/// written whole (a rule never writes an empty object member by member).
/// </param>
internal readonly record struct LayoutEntry(int ValueStart, int ValueEnd, int After);
