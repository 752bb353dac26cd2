using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

// Usage: Observability.Sidecar.CrashClient <baseUrl> <idPrefix> [workers] [maxSeconds]
//
// Posts task:completed events with unique ids to <baseUrl>/api/v1/events from several concurrent workers, as single
// JSON objects, JSON arrays and NDJSON batches of varying size (some records are large, so a kill can land inside a
// big write), until standard input closes or maxSeconds pass. For every item of a 200 answer whose status is
// "accepted" or "duplicate" it prints "ACK <id> ." (the trailing dot marks a complete line): a promise the sidecar made
// that the event is durably stored. A request that fails (the sidecar was killed) prints "ERR ..." and the workers go
// on with fresh ids. The crash test in Observability.Sidecar.Tests drives it.
if (args.Length < 2)
{
    await Console.Error.WriteLineAsync("usage: Observability.Sidecar.CrashClient <baseUrl> <idPrefix> [workers] [maxSeconds]").ConfigureAwait(false);
    return 2;
}

var baseUri = new Uri(args[0].TrimEnd('/') + "/");
var prefix = args[1];
var workers = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2;
var maxSeconds = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 120;

var stop = new CancellationTokenSource(TimeSpan.FromSeconds(maxSeconds));
var stdinWatcher = new Thread(() =>
{
    // The test asks for a stop by closing standard input.
    while (Console.In.Read() >= 0)
    {
    }

    stop.Cancel();
})
{ IsBackground = true };
stdinWatcher.Start();

var gate = new Lock();
using var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(10) };
Print("READY .");
await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(() => WorkAsync(worker)))).ConfigureAwait(false);
Print("DONE .");
return 0;

async Task WorkAsync(int worker)
{
    for (var n = 0; !stop.IsCancellationRequested; n++)
    {
        var size = n % 4 == 3 ? 2 + (n % 5) : 1;
        var ids = Enumerable.Range(0, size).Select(k => $"{prefix}-w{worker}-{n}-{k}").ToArray();
        var events = ids.Select((id, k) => Event(id, n + k)).ToArray();
        HttpContent content = (n % 3) switch
        {
            0 when size == 1 => new StringContent(events[0], Encoding.UTF8, "application/json"),
            1 => new StringContent(string.Join('\n', events) + "\n", Encoding.UTF8, "application/x-ndjson"),
            _ => new StringContent("[" + string.Join(',', events) + "]", Encoding.UTF8, "application/json"),
        };

        try
        {
            // Never cancelled mid-flight: an answer that arrives is reported, whatever the stop signal says.
            using var response = await http.PostAsync(new Uri("api/v1/events", UriKind.Relative), content, CancellationToken.None).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(CancellationToken.None).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Print($"NAK {(int)response.StatusCode} .");
                await Task.Delay(20).ConfigureAwait(false);
                continue;
            }

            using var document = JsonDocument.Parse(body);
            foreach (var item in document.RootElement.GetProperty("items").EnumerateArray())
            {
                var status = item.GetProperty("status").GetString();
                if (status is "accepted" or "duplicate")
                {
                    Print($"ACK {item.GetProperty("id").GetString()} .");
                }
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            Print($"ERR {e.GetType().Name} .");
            await Task.Delay(20).ConfigureAwait(false);
        }
        finally
        {
            content.Dispose();
        }
    }
}

void Print(string line)
{
    lock (gate)
    {
        Console.Out.WriteLine(line);
        Console.Out.Flush();
    }
}

static string Event(string id, int n)
{
    var note = new string('x', n % 13 == 0 ? 16_000 : n % 200);
    return $$$"""{"id":"{{{id}}}","timestamp":"2025-12-07T10:00:00Z","eventType":"task:completed","entityId":"crash-{{{id}}}","metadata":{"taskType":"crash","stage":"crash","agentType":"crash-client","durationSeconds":{{{n % 50}}},"note":"{{{note}}}"}}""";
}
