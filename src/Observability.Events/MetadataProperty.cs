using System.Text.Json;

namespace Observability.Events;

/// <summary>
/// Where one top-level property of an event's <c>metadata</c> sits in the stored record: its name and value as
/// offsets into the payload, so a lookup compares a few bytes instead of scanning the object again.
/// </summary>
internal readonly record struct MetadataProperty(
    int NameStart, int NameLength, bool NameEscaped, int ValueStart, int ValueLength, JsonTokenType Kind, bool ValueEscaped);
