namespace Observability.Ingestion.Tests;

public sealed class IdempotencyIndexTests
{
    [Fact]
    public void Key_SameIdSameKey_DifferentIdsAndIndexesDifferentKeys()
    {
        var index = new IdempotencyIndex();

        Assert.Equal(index.Key("evt-1"), index.Key(new string("evt-1".ToCharArray())));
        Assert.NotEqual(index.Key("evt-1"), index.Key("evt-2"));
        Assert.NotEqual(index.Key("\u00e9"), index.Key("e\u0301"));
        Assert.NotEqual(index.Key(string.Empty), index.Key(" "));
        Assert.NotEqual(index.Key("evt-1"), new IdempotencyIndex().Key("evt-1"));
    }

    [Fact]
    public async Task Reserve_NewPendingAndStored_EachKindIsReportedAndPendingFollowsTheWrite()
    {
        var index = new IdempotencyIndex();
        var kinds = new IdempotencyIndex.ReservationKind[2];
        var first = index.Reserve(["a", "b"], kinds, new Task<bool>?[2]);
        Assert.Equal([IdempotencyIndex.ReservationKind.New, IdempotencyIndex.ReservationKind.New], kinds);

        var pending = new Task<bool>?[2];
        var second = index.Reserve(["b", "c"], kinds, pending);
        Assert.Equal([IdempotencyIndex.ReservationKind.Pending, IdempotencyIndex.ReservationKind.New], kinds);
        Assert.False(pending[0]!.IsCompleted);

        index.Complete(first, stored: true);
        Assert.True(await pending[0]!);
        index.Complete(second, stored: true);

        index.Reserve(["a", "c"], kinds, new Task<bool>?[2]);
        Assert.Equal([IdempotencyIndex.ReservationKind.Stored, IdempotencyIndex.ReservationKind.Stored], kinds);
        Assert.Equal(3, index.Count);
    }

    [Fact]
    public async Task Reserve_IdRepeatedInTheBatch_RepeatIsReportedAndTheFirstIsCompletedOnce()
    {
        var index = new IdempotencyIndex();
        var kinds = new IdempotencyIndex.ReservationKind[3];
        var ticket = index.Reserve(["a", "b", "a"], kinds, new Task<bool>?[3]);
        Assert.Equal([IdempotencyIndex.ReservationKind.New, IdempotencyIndex.ReservationKind.New, IdempotencyIndex.ReservationKind.Repeated], kinds);

        index.Complete(ticket, stored: true);
        Assert.True(await ticket.Stored);
        Assert.Equal(2, index.Count);
        index.Reserve(["a", "a"], kinds.AsSpan(0, 2), new Task<bool>?[2]);
        Assert.Equal([IdempotencyIndex.ReservationKind.Stored, IdempotencyIndex.ReservationKind.Stored], kinds[..2]);
    }

    [Fact]
    public void Key_OfAnEventAndOfItsId_AreTheSame()
    {
        var index = new IdempotencyIndex();
        foreach (var json in new[] { """{"id":"evt-\u00e9","eventType":"x:y","timestamp":"2025-01-01T00:00:00Z","entityId":"e"}""",
                                     """{"id":"evt-é","eventType":"x:y","timestamp":"2025-01-01T00:00:00Z","entityId":"e"}""" })
        {
            Assert.True(Observability.Events.StoredEventReader.TryRead(System.Text.Encoding.UTF8.GetBytes(json), 0, out var e));
            Assert.Equal(index.Key("evt-é"), index.Key(e));
        }
    }

    [Fact]
    public async Task Complete_WriteFailed_ReleasesTheIdsAndTellsTheWaiters()
    {
        var index = new IdempotencyIndex();
        var kinds = new IdempotencyIndex.ReservationKind[1];
        var failed = index.Reserve(["a"], kinds, new Task<bool>?[1]);
        var pending = new Task<bool>?[1];
        index.Reserve(["a"], kinds, pending);

        index.Complete(failed, stored: false);

        Assert.False(await pending[0]!);
        index.Reserve(["a"], kinds, new Task<bool>?[1]);
        Assert.Equal(IdempotencyIndex.ReservationKind.New, kinds[0]);
        Assert.Equal(0, index.Count);
    }

    [Fact]
    public void AddStored_SameIdTwice_SecondIsADuplicate()
    {
        var index = new IdempotencyIndex();

        Assert.True(index.AddStored("a"));
        Assert.False(index.AddStored("a"));
        Assert.True(index.AddStored("b"));
        Assert.Equal(2, index.Count);
    }

    [Fact]
    public void WriteTo_DurableIdsWithOthersPending_RestoresTheDurableOnesOnly()
    {
        var index = new IdempotencyIndex();
        var kinds = new IdempotencyIndex.ReservationKind[3];
        index.Complete(index.Reserve(["a", "b", "c"], kinds, new Task<bool>?[3]), stored: true);
        index.Reserve(["d"], kinds.AsSpan(0, 1), new Task<bool>?[1]);
        Assert.True(index.AddStored("e"));
        using var state = new MemoryStream();
        using (var writer = new BinaryWriter(state, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            index.WriteTo(writer, out _);
        }

        var restored = new IdempotencyIndex();
        state.Position = 0;
        restored.ReadFrom(new BinaryReader(state));

        Assert.Equal(4, restored.Count);
        var again = new IdempotencyIndex.ReservationKind[5];
        restored.Reserve(["a", "b", "c", "d", "e"], again, new Task<bool>?[5]);
        Assert.Equal(IdempotencyIndex.ReservationKind.New, again[3]);
        Assert.Equal(Enumerable.Repeat(IdempotencyIndex.ReservationKind.Stored, 3), again[..3]);
        Assert.Equal(IdempotencyIndex.ReservationKind.Stored, again[4]);
    }

    [Fact]
    public void ReadFrom_CountMoreThanTheBytesHold_IsRefusedBeforeAnyRoomIsMade()
    {
        using var state = new MemoryStream();
        using (var writer = new BinaryWriter(state, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(0L);
            for (var i = 0; i < 4; i++)
            {
                writer.Write(1UL);
            }

            writer.Write(int.MaxValue);
        }

        state.Position = 0;
        Assert.Throws<InvalidDataException>(() => new IdempotencyIndex().ReadFrom(new BinaryReader(state)));
    }
}
