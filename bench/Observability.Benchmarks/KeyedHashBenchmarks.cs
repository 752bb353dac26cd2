using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Observability.Events;

namespace Observability.Benchmarks;

/// <summary>
/// The keyed hash of every event id in the duplicate index (128 bits: two SipHash-2-4 values) against the served
/// alternatives. README "What stays hand-written, and why" quotes the figures.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class KeyedHashBenchmarks
{
    private readonly ulong _k0 = SipHash.RandomKey();
    private readonly ulong _k1 = SipHash.RandomKey();
    private readonly byte[] _hmacKey = RandomNumberGenerator.GetBytes(16);
    private readonly byte[] _id = Encoding.UTF8.GetBytes("evt-2025-12-07-impl-0001234");

    [Benchmark(Baseline = true, Description = "SipHash-2-4 x2, 27-byte id (ours)")]
    public ulong SipHash128() => SipHash.Hash(_k0, _k1, _id) ^ SipHash.Hash(_k1, _k0, _id);

    [Benchmark(Description = "XxHash128 seeded (System.IO.Hashing), 27-byte id")]
    public UInt128 XxHash() => XxHash128.HashToUInt128(_id, (long)_k0);

    [Benchmark(Description = "HMAC-SHA256, 27-byte id")]
    public byte[] HmacSha256() => HMACSHA256.HashData(_hmacKey, _id);
}
