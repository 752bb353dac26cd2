namespace Observability.Review.State;

/// <summary>A task created or started and not yet completed: what the queue checks and the priority order read.</summary>
internal sealed class OpenTask(string id)
{
    public string Id { get; } = id;

    /// <summary>Log position of its first event: the order the queue has it in.</summary>
    public long Order { get; set; }

    public string? Title { get; set; }

    public string? Priority { get; set; }

    public string? Project { get; set; }

    public string? TaskType { get; set; }

    public string? Chain { get; set; }

    public DateTimeOffset? CreatedAt { get; set; }

    public string? CreatedEventId { get; set; }

    /// <summary>When it last joined the queue: created, or sent back by a failure or rework.</summary>
    public DateTimeOffset? QueuedAt { get; set; }

    public string? QueuedEventId { get; set; }

    /// <summary>When it was started, while it runs.</summary>
    public DateTimeOffset? StartedAt { get; set; }

    public string? StartedEventId { get; set; }

    public void Write(BinaryWriter w)
    {
        w.Write(Id);
        w.Write(Order);
        w.WriteNullable(Title);
        w.WriteNullable(Priority);
        w.WriteNullable(Project);
        w.WriteNullable(TaskType);
        w.WriteNullable(Chain);
        w.WriteNullable(CreatedAt);
        w.WriteNullable(CreatedEventId);
        w.WriteNullable(QueuedAt);
        w.WriteNullable(QueuedEventId);
        w.WriteNullable(StartedAt);
        w.WriteNullable(StartedEventId);
    }

    public static OpenTask Read(BinaryReader r) => new(r.ReadString())
    {
        Order = r.ReadInt64(),
        Title = r.ReadNullableString(),
        Priority = r.ReadNullableString(),
        Project = r.ReadNullableString(),
        TaskType = r.ReadNullableString(),
        Chain = r.ReadNullableString(),
        CreatedAt = r.ReadNullableDateTimeOffset(),
        CreatedEventId = r.ReadNullableString(),
        QueuedAt = r.ReadNullableDateTimeOffset(),
        QueuedEventId = r.ReadNullableString(),
        StartedAt = r.ReadNullableDateTimeOffset(),
        StartedEventId = r.ReadNullableString(),
    };
}
