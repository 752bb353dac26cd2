using System.Globalization;
using System.Text;

namespace Observability.Benchmarks;

/// <summary>Event payloads shaped like the sidecar's (about 210 bytes of JSON each).</summary>
internal static class EventLogPayloads
{
    public static byte[] Event(long n) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"{{\"id\":\"{new Guid((int)n, (short)(n >> 32), 0x4000, 0x80, 0, 0, 0, 0, 0, 0, 0):D}\",\"timestamp\":\"2026-11-21T10:00:00Z\",\"eventType\":\"task:completed\",\"entityType\":\"task\",\"entityId\":\"T-{n % 1000}\",\"agent\":{{\"model\":\"claude-sonnet\",\"role\":\"impl\"}},\"metadata\":{{\"taskType\":\"impl\",\"durationSeconds\":{n % 3600}.4}}}}"));

    public static string TempDirectory(string purpose) =>
        Path.Combine(Path.GetTempPath(), "eventlog-bench", purpose + "-" + Guid.NewGuid().ToString("N"));
}
