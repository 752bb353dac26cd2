using BenchmarkDotNet.Running;
using Observability.Benchmarks;

// Modes:
//   (default)                 BenchmarkDotNet: pass its arguments, e.g. --filter '*' or --list flat
//   serve [--port N]          serve the 66k-line registry on http://127.0.0.1:N/metrics (default 19464)
//   serve-prometheus-net [--port N]   the same registry in prometheus-net 8.2.1, served by prometheus-net.AspNetCore (default 19466)
//   dump [--out FILE] [--format text|openmetrics]   write the exposition to FILE (default stdout)
//   events [--out FILE]       write the same workload as NDJSON for the Node prom-client peer's POST /events
//   bare [--port N]           Kestrel that only reads POST bodies and answers 202: the ingestion ceiling
//   durable-bare [--port N] [--commit log|leader] [--fsync false] [--parse none|tokenize|document]   bare, plus a durable group commit of each body: the durable ceiling
//   review                    the review's checks one group at a time over ReviewBenchmarks' 1M-event state
//   fsync [--seconds N] [--appenders N]   durable appends for N seconds (default 5, 16 appenders): fsync latency per group commit
//   otlp-profile [--batches N] [--ingest-rounds R] [--allocations]   the OTLP path's stages (decode, documents, rules, ingestion) on N batches of 512 records, CPU per record, beside NDJSON ingestion; no HTTP
//                 (with --ingest-rounds, the ingestion stage alone R times on one translation's events, for perf record;
//                 with --allocations, the types allocated, from the runtime's allocation samples)
//   id-index [--keys N]       the duplicate index's durable ids grown to N keys (12,000,000) beside the dictionary it replaced: ns per add and lookup, longest add, bytes per key
//   fact-growth [--facts N]   the pipeline facts grown to N (16,000,000) in chunks beside one array doubled by copying: ns per add, longest add
//   otlp-template [--out FILE] [--batch N]   an OTLP/HTTP logs request (protobuf) of N Claude Code records for bench/otlp-batch.lua
return args.FirstOrDefault() switch
{
    "serve" => await ScrapeServer.RunAsync(Cli.Int(args, "--port", 19464)).ConfigureAwait(false),
    "serve-prometheus-net" => await PrometheusNetScrapeServer.RunAsync(Cli.Int(args, "--port", 19466)).ConfigureAwait(false),
    "dump" => await Tools.DumpAsync(Cli.String(args, "--out"), Cli.String(args, "--format") ?? "text").ConfigureAwait(false),
    "events" => Tools.Events(Cli.String(args, "--out")),
    "bare" => await BareServer.RunAsync(Cli.Int(args, "--port", 19602)).ConfigureAwait(false),
    "durable-bare" => await DurableBareServer.RunAsync(Cli.Int(args, "--port", 19603), Cli.String(args, "--commit") ?? "log", Cli.String(args, "--fsync") != "false", Cli.String(args, "--parse") ?? "none").ConfigureAwait(false),
    "replay" => PipelineProfile.Replay(Cli.Int(args, "--events", 1_000_000), Cli.Int(args, "--rounds", 3), Cli.String(args, "--dir")),
    "fsync" => await FsyncLatency.RunAsync(Cli.Int(args, "--seconds", 5), Cli.Int(args, "--appenders", 16)).ConfigureAwait(false),
    "review" => ReviewBenchmarks.Profile(),
    "otlp-profile" => await OtlpProfile.RunAsync(Cli.Int(args, "--batches", 200), Cli.Int(args, "--ingest-rounds", 0), args.Contains("--allocations")).ConfigureAwait(false),
    "id-index" => IdIndexGrowth.Run(Cli.Int(args, "--keys", 12_000_000)),
    "fact-growth" => FactGrowth.Run(Cli.Int(args, "--facts", 16_000_000)),
    "otlp-template" => OtlpTemplate.Write(Cli.String(args, "--out") ?? "otlp-logs.pb", Cli.Int(args, "--batch", 512)),
    "pipeline" => await PipelineProfile.RunAsync(Cli.Int(args, "--events", 400_000), Cli.Int(args, "--batch", 1)).ConfigureAwait(false),
    _ => RunBenchmarks(args),
};

static int RunBenchmarks(string[] args)
{
    var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
}
