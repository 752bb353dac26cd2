using System.Threading.Channels;

namespace Observability.EventLog.Tests;

public sealed class ChannelWaitsTests
{
    [Fact]
    public void WaitToRead_ItemAlreadyThere_TrueAtOnce()
    {
        var channel = Channel.CreateUnbounded<int>();
        channel.Writer.TryWrite(1);

        Assert.True(ChannelWaits.WaitToRead(channel.Reader));
        Assert.True(channel.Reader.TryRead(out var item));
        Assert.Equal(1, item);
    }

    [Fact]
    public async Task WaitToRead_ItemWrittenLaterFromAnotherThread_BlocksUntilItArrives()
    {
        var channel = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true });
        var waiting = new TaskCompletionSource();
        var read = new List<int>();
        var reader = new Thread(() =>
        {
            // Many waits on the same thread, each a new wait on the thread's one signal.
            while (read.Count < 100)
            {
                waiting.TrySetResult();
                if (!ChannelWaits.WaitToRead(channel.Reader))
                {
                    return;
                }

                while (channel.Reader.TryRead(out var item))
                {
                    read.Add(item);
                }
            }
        });
        reader.Start();
        await waiting.Task.WaitAsync(TimeSpan.FromSeconds(10));

        for (var i = 0; i < 100; i++)
        {
            await Task.Delay(i % 10 == 0 ? 20 : 0);
            channel.Writer.TryWrite(i);
        }

        Assert.True(reader.Join(TimeSpan.FromSeconds(30)), $"the reader read {read.Count} of 100 items");
        Assert.Equal(Enumerable.Range(0, 100), read);
    }

    [Fact]
    public async Task WaitToRead_ChannelCompleted_FalseOrTheError()
    {
        var done = Channel.CreateUnbounded<int>();
        var failed = Channel.CreateUnbounded<int>();
        var completed = Task.Run(() => ChannelWaits.WaitToRead(done.Reader));
        var faulted = Task.Run(() => ChannelWaits.WaitToRead(failed.Reader));
        await Task.Delay(50);

        done.Writer.Complete();
        failed.Writer.Complete(new IOException("disk gone"));

        Assert.False(await completed.WaitAsync(TimeSpan.FromSeconds(10)));
        var error = await Assert.ThrowsAsync<IOException>(() => faulted.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("disk gone", error.Message);
    }
}
