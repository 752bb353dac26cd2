using System.Collections.Concurrent;
using Observability.EventLog.Tests.Support;

namespace Observability.EventLog.Tests;

public sealed class ConcurrencyTests
{
    private const int Appenders = 32;
    private const int AppendsEach = 500;

    [Fact]
    public async Task ConcurrentAppends_32TasksOf500_AllDurableWithDenseUniqueSequencesInDiskOrder()
    {
        using var dir = new TempDirectory();
        var observer = new RecordingObserver();
        var acknowledged = new ConcurrentDictionary<long, string>();
        await using (var log = EventLog.Open(dir.Options(segmentMaxBytes: 256 * 1024), observer: observer))
        {
            await Task.WhenAll(Enumerable.Range(0, Appenders).Select(writer => Task.Run(async () =>
            {
                var previous = -1L;
                for (var i = 0; i < AppendsEach; i++)
                {
                    var payload = Payloads.Event(writer * AppendsEach + i);
                    var sequence = await log.AppendAsync(payload);

                    // One caller's appends land in the order it made them.
                    Assert.True(sequence > previous);
                    previous = sequence;
                    Assert.True(acknowledged.TryAdd(sequence, Payloads.Text(payload)), $"sequence {sequence} handed out twice");
                }
            })));

            Assert.Equal(Appenders * AppendsEach, log.Status.RecordCount);
        }

        const int Total = Appenders * AppendsEach;
        Assert.Equal(Enumerable.Range(0, Total).Select(i => (long)i), acknowledged.Keys.Order());
        var onDisk = EventLogReader.Read(dir.Path).ToList();
        Assert.Equal(Enumerable.Range(0, Total).Select(i => (long)i), onDisk.Select(r => r.Sequence));
        Assert.All(onDisk, record => Assert.Equal(acknowledged[record.Sequence], Payloads.Text(record.Payload)));
        Assert.Equal(Total, observer.Records);
    }

    [Fact]
    public async Task GroupCommit_32ConcurrentAppenders_FewerFsyncsThanRecords()
    {
        using var dir = new TempDirectory();
        var observer = new RecordingObserver();
        await using (var log = EventLog.Open(dir.Options(), observer: observer))
        {
            await Task.WhenAll(Enumerable.Range(0, Appenders).Select(writer => Task.Run(async () =>
            {
                for (var i = 0; i < 100; i++)
                {
                    await log.AppendAsync(Payloads.Event(writer * 100 + i));
                }
            })));
        }

        Assert.Equal(Appenders * 100, observer.Records);
        Assert.True(observer.Groups < observer.Records, $"{observer.Groups} group commits for {observer.Records} records");
    }

    [Fact]
    public async Task AppendBatch_ConcurrentWithSingleAppends_EachBatchIsContiguousAndInOrder()
    {
        using var dir = new TempDirectory();
        var batches = new ConcurrentBag<(long First, string[] Payloads)>();
        await using (var log = EventLog.Open(dir.Options(segmentMaxBytes: 64 * 1024)))
        {
            var batchers = Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
            {
                for (var b = 0; b < 50; b++)
                {
                    var payloads = Enumerable.Range(0, 5).Select(k => Payloads.Event(100_000 + writer * 1000 + b * 10 + k)).ToArray();
                    var first = await log.AppendBatchAsync(payloads.Select(p => (ReadOnlyMemory<byte>)p).ToList());
                    batches.Add((first, payloads.Select(p => Payloads.Text(p)).ToArray()));
                }
            }));
            var singles = Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
            {
                for (var i = 0; i < 100; i++)
                {
                    await log.AppendAsync(Payloads.Event(writer * 1000 + i));
                }
            }));
            await Task.WhenAll(batchers.Concat(singles));
        }

        var records = EventLogReader.Read(dir.Path).ToDictionary(r => r.Sequence, r => Payloads.Text(r.Payload));
        Assert.Equal(8 * 50 * 5 + 8 * 100, records.Count);
        foreach (var (first, payloads) in batches)
        {
            Assert.Equal(payloads, Enumerable.Range(0, payloads.Length).Select(k => records[first + k]));
        }
    }

    [Fact]
    public async Task AppendBatch_OnDurableFromConcurrentAppenders_RunsInLogOrderBeforeItsAppendCompletes()
    {
        using var dir = new TempDirectory();
        var calls = new List<long>();
        var callbackRan = new ConcurrentDictionary<long, bool>();
        await using (var log = EventLog.Open(dir.Options(segmentMaxBytes: 64 * 1024)))
        {
            await Task.WhenAll(Enumerable.Range(0, 16).Select(writer => Task.Run(async () =>
            {
                for (var b = 0; b < 40; b++)
                {
                    var payloads = Enumerable.Range(0, 1 + (b % 3)).Select(k => (ReadOnlyMemory<byte>)Payloads.Event(writer * 10_000 + b * 10 + k)).ToList();
                    var first = await log.AppendBatchAsync(payloads, sequence =>
                    {
                        // Only the writer thread calls this, so the list needs no lock.
                        calls.Add(sequence);
                        callbackRan[sequence] = true;
                    });

                    Assert.True(callbackRan.ContainsKey(first), $"append {first} completed before its callback ran");
                }
            })));
        }

        Assert.Equal(16 * 40, calls.Count);
        Assert.Equal(calls.Order(), calls);
        Assert.Equal(calls.Count, calls.Distinct().Count());
    }

    [Fact]
    public async Task AppendBatch_OnDurableThrows_AppendStillSucceedsAndTheLogLivesOn()
    {
        using var dir = new TempDirectory();
        await using var log = EventLog.Open(dir.Options());

        var first = await log.AppendBatchAsync([Payloads.Event(1)], _ => throw new InvalidOperationException("a faulty callback"));
        var second = await log.AppendAsync(Payloads.Event(2));

        Assert.Equal(0, first);
        Assert.Equal(1, second);
    }

    [Fact]
    public async Task QueueFull_ManyAppendersOnACapacityOfOne_WaitAndAllSucceed()
    {
        using var dir = new TempDirectory();
        var options = dir.Options();
        options.QueueCapacity = 1;
        await using (var log = EventLog.Open(options))
        {
            await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
            {
                for (var i = 0; i < 50; i++)
                {
                    await log.AppendAsync(Payloads.Event(writer * 50 + i));
                }
            })));

            Assert.Equal(400, log.Status.RecordCount);
        }

        Assert.Equal(400, EventLogReader.Read(dir.Path).Select(r => Payloads.Text(r.Payload)).Distinct().Count());
    }
}
