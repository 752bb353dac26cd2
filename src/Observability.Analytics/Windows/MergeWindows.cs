using Observability.Projections;

namespace Observability.Analytics.Windows;

/// <summary>The three windows of one scope (one project, or every merge for the global scope) and its policy state.</summary>
internal sealed class MergeWindows(WindowsOptions options)
{
    public RingWindow FirstPass { get; private init; } = new(options.FirstPassWindow);

    public RingWindow RebaseConflict { get; private init; } = new(options.RebaseConflictWindow);

    public RingWindow Attempts { get; private init; } = new(options.AttemptsWindow, trackValues: true);

    /// <summary>Merges seen in this scope, ever.</summary>
    public long Merges { get; private set; }

    /// <summary>Hysteresis state of trust, meaningful once <see cref="OwnsTrust"/> (or always for the global scope).</summary>
    public bool TrustLost { get; set; }

    /// <summary>Hysteresis state of scope, meaningful once <see cref="OwnsScope"/> (or always for the global scope).</summary>
    public bool ScopeTightened { get; set; }

    /// <summary>True once the first-pass window filled: from then on trust follows this scope's own rate.</summary>
    public bool OwnsTrust { get; set; }

    /// <summary>True once the rebase-conflict window filled: from then on scope follows this scope's own rate.</summary>
    public bool OwnsScope { get; set; }

    public void Add(int attempts, bool rebaseConflict)
    {
        Merges++;
        FirstPass.Add(attempts == 1);
        RebaseConflict.Add(rebaseConflict);
        Attempts.Add(attempts);
    }

    public void WriteTo(BinaryWriter writer)
    {
        writer.Write(Merges);
        writer.Write(TrustLost);
        writer.Write(ScopeTightened);
        writer.Write(OwnsTrust);
        writer.Write(OwnsScope);
        FirstPass.WriteTo(writer);
        RebaseConflict.WriteTo(writer);
        Attempts.WriteTo(writer);
    }

    public static MergeWindows ReadFrom(BinaryReader reader, WindowsOptions options)
    {
        var (merges, trustLost, scopeTightened, ownsTrust, ownsScope) =
            (reader.ReadInt64(), reader.ReadBoolean(), reader.ReadBoolean(), reader.ReadBoolean(), reader.ReadBoolean());
        return new MergeWindows(options)
        {
            Merges = merges,
            TrustLost = trustLost,
            ScopeTightened = scopeTightened,
            OwnsTrust = ownsTrust,
            OwnsScope = ownsScope,
            FirstPass = RingWindow.ReadFrom(reader, options.FirstPassWindow),
            RebaseConflict = RingWindow.ReadFrom(reader, options.RebaseConflictWindow),
            Attempts = RingWindow.ReadFrom(reader, options.AttemptsWindow, trackValues: true),
        };
    }
}
