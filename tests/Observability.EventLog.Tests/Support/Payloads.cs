using System.Text;

namespace Observability.EventLog.Tests.Support;

/// <summary>Event-shaped JSON payloads and the means to read them back.</summary>
internal static class Payloads
{
    public static byte[] Event(int n, int padding = 0) =>
        Encoding.UTF8.GetBytes(
            $"{{\"id\":\"evt-{n:D6}\",\"eventType\":\"task:completed\",\"entityId\":\"T-{n}\",\"pad\":\"{new string('x', padding)}\"}}");

    public static string Text(ReadOnlySpan<byte> payload) => Encoding.UTF8.GetString(payload);

    public static string Text(ReadOnlyMemory<byte> payload) => Encoding.UTF8.GetString(payload.Span);

    /// <summary>Opens the log and returns every replayed record with its status, then closes it.</summary>
    public static async Task<(List<(long Sequence, string Payload)> Records, EventLogStatus Status)> ReplayAsync(
        EventLogOptions options, IEventLogObserver? observer = null)
    {
        var records = new List<(long, string)>();
        var log = EventLog.Open(options, (sequence, payload) => records.Add((sequence, Text(payload))), observer);
        await using (log)
        {
            return (records, log.Status);
        }
    }
}
