using System.Collections.Frozen;
using System.Text.Json;
using Google.Protobuf.Collections;
using Observability.Inbound.Expressions;
using OpenTelemetry.Proto.Common.V1;

namespace Observability.Otlp;

/// <summary>
/// Which resource (or record) attributes name the work an agent is doing: team, project, repository, branch, task id.
/// Agents take them from <c>OTEL_RESOURCE_ATTRIBUTES</c>, whose keys each team chooses, so the keys are configuration
/// (<c>Otlp:ResourceAttributes</c>, attribute key to context name); every source document carries the result as
/// <c>context</c>, and the rules map <c>context.*</c> to envelope fields the same way for every agent.
/// </summary>
internal sealed class OtlpContext
{
    /// <summary>The keys understood when nothing is configured: the plain names and OpenTelemetry's semantic conventions.</summary>
    public static readonly IReadOnlyDictionary<string, string> DefaultKeys = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["team"] = "team",
        ["team.id"] = "team",
        ["team.name"] = "team",
        ["project"] = "project",
        ["project.name"] = "project",
        ["repository"] = "repository",
        ["vcs.repository.name"] = "repository",
        ["vcs.repository.url.full"] = "repository",
        ["branch"] = "branch",
        ["vcs.ref.head.name"] = "branch",
        ["task.id"] = "taskId",
        ["task_id"] = "taskId",
    };

    private readonly FrozenDictionary<string, string> _keys;
    private readonly (byte[] Key, int Hash, string Name)[] _utf8;

    // Bit (hash & 63) of every key's KeyHash: most attribute keys are none of the context's and stop at this one test.
    private readonly ulong _hashBits;

    public OtlpContext(IReadOnlyDictionary<string, string>? keys = null)
    {
        _keys = (keys is null || keys.Count == 0 ? DefaultKeys : keys).ToFrozenDictionary(StringComparer.Ordinal);
        _utf8 = [.. _keys.Select(k => Utf8(k.Key, k.Value))];
        foreach (var (_, hash, _) in _utf8)
        {
            _hashBits |= 1UL << (hash & 63);
        }
    }

    /// <summary>
    /// The context name an attribute key (UTF-8, its <see cref="KeyHash"/> <paramref name="hash"/>) stands for, without
    /// making a string of the key.
    /// </summary>
    /// <remarks>Every attribute of every record read in place is asked about: a dozen keys compared by hash first cost
    /// less than transcoding the key for a dictionary.</remarks>
    public bool TryName(ReadOnlySpan<byte> key, int hash, out string name)
    {
        if ((_hashBits & (1UL << (hash & 63))) != 0)
        {
            foreach (var (candidate, candidateHash, mapped) in _utf8)
            {
                if (candidateHash == hash && key.SequenceEqual(candidate))
                {
                    name = mapped;
                    return true;
                }
            }
        }

        name = "";
        return false;
    }

    /// <summary>
    /// Writes <c>"context": {...}</c> from the resource's attributes, then the record's own (a record's attribute wins:
    /// Claude Code repeats resource attributes on every event).
    /// </summary>
    public void Write(Utf8JsonWriter writer, RepeatedField<KeyValue> resource, RepeatedField<KeyValue> record)
    {
        writer.WritePropertyName("context"u8);
        writer.WriteStartObject();
        foreach (var (name, text) in Resolve(resource, record))
        {
            writer.WriteString(name, text);
        }

        writer.WriteEndObject();
    }

    /// <summary>The context's names and values in the order <see cref="Write"/> writes them.</summary>
    public List<(string Name, string Text)> Resolve(RepeatedField<KeyValue> resource, RepeatedField<KeyValue> record)
    {
        var found = new List<(string Name, string Text)>(4);
        foreach (var source in (ReadOnlySpan<RepeatedField<KeyValue>>)[record, resource])
        {
            foreach (var attribute in source)
            {
                if (!_keys.TryGetValue(attribute.Key, out var name) || Contains(found, name)
                    || AttributeJson.Text(source, attribute.Key) is not { Length: > 0 } text)
                {
                    continue;
                }

                found.Add((name, text));
            }
        }

        return found;
    }

    private static (byte[] Key, int Hash, string Name) Utf8(string key, string name)
    {
        var utf8 = System.Text.Encoding.UTF8.GetBytes(key);
        return (utf8, KeyHash.Of(utf8), name);
    }

    private static bool Contains(List<(string Name, string Text)> found, string name)
    {
        foreach (var entry in found)
        {
            if (entry.Name == name)
            {
                return true;
            }
        }

        return false;
    }
}
