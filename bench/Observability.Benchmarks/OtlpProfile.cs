using System.Diagnostics;
using Observability.Inbound;
using Observability.Otlp;

namespace Observability.Benchmarks;

/// <summary>
/// The OTLP path's stages, without HTTP or the log, on the bench template: protobuf decode, the source documents, and the
/// inbound rules' translation, each timed over the same batches (records per second per stage, one core).
/// </summary>
internal static class OtlpProfile
{
    public static int Run(int batches)
    {
        var path = Path.Combine(Path.GetTempPath(), $"otlp-profile-{Environment.ProcessId}.pb");
        OtlpTemplate.Write(path, 512);
        var body = File.ReadAllBytes(path);
        File.Delete(path);
        var mapping = InboundMapping.Load();
        var context = new OtlpContext();
        for (var round = 0; round < 3; round++)
        {
            long decode = 0, documents = 0, translate = 0, events = 0;
            for (var i = 0; i < batches; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var request = OtlpDecoder.DecodeLogs(body, OtlpEncoding.Protobuf);
                var decoded = Stopwatch.GetTimestamp();
                using var docs = LogDocuments.Build(request, context);
                var built = Stopwatch.GetTimestamp();
                foreach (var document in docs.Items)
                {
                    events += mapping.Translate(LogDocuments.Kind, document).Events.Count;
                }

                var translated = Stopwatch.GetTimestamp();
                decode += decoded - started;
                documents += built - decoded;
                translate += translated - built;
            }

            var records = batches * 512.0;
            Console.WriteLine(
                $"round {round + 1}: decode {records / Seconds(decode):N0} rec/s, documents {records / Seconds(documents):N0} rec/s, " +
                $"translate {records / Seconds(translate):N0} rec/s ({events / records:F2} events/record), all {records / Seconds(decode + documents + translate):N0} rec/s");
        }

        return 0;
    }

    private static double Seconds(long ticks) => (double)ticks / Stopwatch.Frequency;
}
