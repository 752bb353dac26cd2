using System.Globalization;
using System.Text;
using Observability.EventLog;

// Usage: Observability.EventLog.CrashWriter <directory> [appenders]
// Appends until killed. After each acknowledged (written and fsynced) append it prints "<sequence> <id>", so whatever
// reached stdout before the kill is a promise the log must keep. Records vary in size, some go as batches, and one
// appender writes half-megabyte batches, so a kill can land inside a write and tear it. Ids carry a per-run prefix,
// so ids stay unique when a test restarts the writer.
if (args.Length < 1)
{
    await Console.Error.WriteLineAsync("usage: Observability.EventLog.CrashWriter <directory> [appenders]").ConfigureAwait(false);
    return 2;
}

var appenders = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 8;
var log = EventLog.Open(new EventLogOptions { Directory = args[0], SegmentMaxBytes = 1024 * 1024 });
var run = Guid.NewGuid().ToString("N")[..8];
var output = Console.Out;
await output.WriteLineAsync("ready").ConfigureAwait(false);

await Task.WhenAll(Enumerable.Range(0, appenders).Select(writer => Task.Run(async () =>
{
    for (var n = 0; ; n++)
    {
        if (writer == 0)
        {
            var ids = Enumerable.Range(0, 25).Select(k => $"{run}-bulk-{n}-{k}").ToArray();
            var first = await log.AppendBatchAsync(ids.Select(id => Payload(id, 0, 20_000)).ToArray()).ConfigureAwait(false);
            for (var k = 0; k < ids.Length; k++)
            {
                await output.WriteLineAsync($"{first + k} {ids[k]}").ConfigureAwait(false);
            }
        }
        else if (n % 5 == 4)
        {
            var ids = Enumerable.Range(0, 3).Select(k => $"{run}-w{writer}-{n}-{k}").ToArray();
            var first = await log.AppendBatchAsync(ids.Select(id => Payload(id, n)).ToArray()).ConfigureAwait(false);
            for (var k = 0; k < ids.Length; k++)
            {
                await output.WriteLineAsync($"{first + k} {ids[k]}").ConfigureAwait(false);
            }
        }
        else
        {
            var id = $"{run}-w{writer}-{n}";
            var sequence = await log.AppendAsync(Payload(id, n)).ConfigureAwait(false);
            await output.WriteLineAsync($"{sequence} {id}").ConfigureAwait(false);
        }
    }
}))).ConfigureAwait(false);
return 0;

static ReadOnlyMemory<byte> Payload(string id, int n, int padding = -1) =>
    Encoding.UTF8.GetBytes($"{{\"id\":\"{id}\",\"pad\":\"{new string('x', padding >= 0 ? padding : n % 200)}\"}}");
