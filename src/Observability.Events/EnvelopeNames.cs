namespace Observability.Events;

/// <summary>
/// The envelope's property names as UTF-8, in the order <see cref="StoredEventReader"/> switches on.
/// </summary>
internal static class EnvelopeNames
{
    public const int Id = 0;
    public const int Timestamp = 1;
    public const int EventType = 2;
    public const int EntityType = 3;
    public const int EntityId = 4;
    public const int ChainId = 5;
    public const int RequestId = 6;
    public const int Agent = 7;
    public const int Metadata = 8;

    public const int AgentModel = 0;
    public const int AgentRole = 1;
    public const int AgentTokens = 2;

    /// <summary>Root properties, indexed by the constants above.</summary>
    public static readonly byte[][] Root =
        ["id"u8.ToArray(), "timestamp"u8.ToArray(), "eventType"u8.ToArray(), "entityType"u8.ToArray(), "entityId"u8.ToArray(),
         "chainId"u8.ToArray(), "requestId"u8.ToArray(), "agent"u8.ToArray(), "metadata"u8.ToArray()];

    /// <summary><c>agent</c>'s properties, indexed by the <c>Agent…</c> constants.</summary>
    public static readonly byte[][] AgentFields = ["model"u8.ToArray(), "role"u8.ToArray(), "tokens"u8.ToArray()];

    /// <summary><c>agent.tokens</c>' properties: input (0) and output (1).</summary>
    public static readonly byte[][] TokenFields = ["input"u8.ToArray(), "output"u8.ToArray()];

    /// <summary>The index of an unescaped property name in <paramref name="names"/>, or -1.</summary>
    public static int IndexOf(ReadOnlySpan<byte> name, byte[][] names)
    {
        for (var i = 0; i < names.Length; i++)
        {
            if (name.SequenceEqual(names[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
