using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;
using Observability.EventLog;
using EventLogFile = Observability.EventLog.EventLog;

namespace Observability.Benchmarks;

/// <summary>
/// The ceiling for one-event-per-request ingestion <em>with durable acks</em>: Kestrel reading the body, making it
/// durable (write + fdatasync, group-committed across concurrent requests) and answering 202; no parsing, no metrics.
/// The gap between this and <see cref="BareServer"/> is what durability alone costs on the machine, whatever is built
/// on top. Two ways to commit:
/// <list type="bullet">
/// <item><c>log</c>: the sidecar's own <see cref="EventLogFile"/> (a dedicated writer thread; callers resume on the
/// thread pool).</item>
/// <item><c>leader</c>: no writer thread; the request that finds no commit running writes and fdatasyncs the group
/// itself, on its own thread, and completes the others in it. The fewest thread hand-offs a durable ack can take.</item>
/// </list>
/// </summary>
internal static partial class DurableBareServer
{
    public static async Task<int> RunAsync(int port, string commit, bool fsync, string parse)
    {
        var directory = Directory.CreateDirectory(EventLogPayloads.TempDirectory("durable-bare")).FullName;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        try
        {
            Func<byte[], int, ValueTask> store;
            IAsyncDisposable owner;
            if (commit == "log")
            {
                var log = EventLogFile.Open(new EventLogOptions { Directory = directory, Fsync = fsync });
                store = async (body, length) => await log.AppendBatchAsync(Records(body.AsMemory(0, length), parse)).ConfigureAwait(false);
                owner = log;
            }
            else
            {
                var leader = new LeaderCommit(Path.Combine(directory, "leader.log"), fsync);
                store = (body, length) => leader.AppendAsync(body.AsSpan(0, length));
                owner = leader;
            }

            await using (owner.ConfigureAwait(false))
            {
                app.MapPost("/api/v1/events", async (HttpContext context) =>
                {
                    var body = new byte[64 * 1024];
                    var length = 0;
                    int read;
                    while ((read = await context.Request.Body.ReadAsync(body.AsMemory(length), context.RequestAborted).ConfigureAwait(false)) > 0)
                    {
                        length += read;
                        if (length == body.Length)
                        {
                            Array.Resize(ref body, body.Length * 2);
                        }
                    }

                    await store(body, length).ConfigureAwait(false);
                    context.Response.StatusCode = StatusCodes.Status202Accepted;
                });
                await app.RunAsync().ConfigureAwait(false);
            }

            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// Splits an NDJSON body into its lines, each one log record, and reads each as the chosen floor demands:
    /// <c>none</c>, <c>tokenize</c> (one <see cref="Utf8JsonReader"/> pass, the least a JSON check can do) or
    /// <c>document</c> (a <see cref="JsonDocument"/>, what a field lookup needs).
    /// </summary>
    private static List<ReadOnlyMemory<byte>> Records(ReadOnlyMemory<byte> body, string parse)
    {
        var records = new List<ReadOnlyMemory<byte>>();
        while (body.Length > 0)
        {
            var end = body.Span.IndexOf((byte)'\n');
            var line = end < 0 ? body : body[..end];
            body = end < 0 ? ReadOnlyMemory<byte>.Empty : body[(end + 1)..];
            if (line.IsEmpty)
            {
                continue;
            }

            if (parse == "tokenize")
            {
                var reader = new Utf8JsonReader(line.Span);
                while (reader.Read())
                {
                }
            }
            else if (parse == "document")
            {
                JsonDocument.Parse(line).Dispose();
            }

            records.Add(line);
        }

        return records;
    }

    /// <summary>Leader-follower group commit into one preallocated, zero-filled file.</summary>
    private sealed class LeaderCommit : IAsyncDisposable
    {
        private const long FileBytes = 1L << 30;
        private readonly Lock _lock = new();
        private readonly FileStream _file;
        private List<(byte[] Bytes, int Length, TaskCompletionSource Done)> _queue = [];
        private List<(byte[] Bytes, int Length, TaskCompletionSource Done)> _spare = [];
        private readonly bool _fsync;
        private bool _committing;
        private long _position;
        private byte[] _group = new byte[1 << 20];

        public LeaderCommit(string path, bool fsync)
        {
            _fsync = fsync;
            _file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, 1, FileOptions.None);
            var zeros = new byte[8 << 20];
            for (long written = 0; written < FileBytes; written += zeros.Length)
            {
                _file.Write(zeros);
            }

            _file.Flush(flushToDisk: true);
        }

        public ValueTask AppendAsync(ReadOnlySpan<byte> record)
        {
            var copy = record.ToArray();
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_lock)
            {
                _queue.Add((copy, copy.Length, done));
                if (_committing)
                {
                    return new ValueTask(done.Task);
                }

                _committing = true;
            }

            // This request leads: it commits groups until the queue is empty, its own record in the first.
            while (true)
            {
                List<(byte[] Bytes, int Length, TaskCompletionSource Done)> group;
                lock (_lock)
                {
                    if (_queue.Count == 0)
                    {
                        _committing = false;
                        break;
                    }

                    group = _queue;
                    _queue = _spare;
                    _spare = group;
                }

                var bytes = 0;
                foreach (var (b, l, _) in group)
                {
                    if (bytes + l > _group.Length)
                    {
                        Array.Resize(ref _group, (bytes + l) * 2);
                    }

                    b.AsSpan(0, l).CopyTo(_group.AsSpan(bytes));
                    bytes += l;
                }

                RandomAccess.Write(_file.SafeFileHandle, _group.AsSpan(0, bytes), _position);
                _position = (_position + bytes) % (FileBytes - (1 << 20));
                if (_fsync)
                {
                    _ = FDataSync(_file.SafeFileHandle);
                }
                foreach (var (_, _, d) in group)
                {
                    d.TrySetResult();
                }

                group.Clear();
            }

            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            _file.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    [LibraryImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    private static partial int FDataSync(SafeFileHandle fd);
}
