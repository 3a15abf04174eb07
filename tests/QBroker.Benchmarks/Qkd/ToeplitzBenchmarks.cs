using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using QBroker.Qkd.Bits;
using QBroker.Qkd.PrivacyAmplification;
using QBroker.Qkd.Randomness;

namespace QBroker.Benchmarks.Qkd;

/// <summary>
/// Privacy amplification of a 1 Mbit block to 0.5 Mbit by Toeplitz hashing, per block. The baseline is the previous
/// implementation (blocked transposed-Karatsuba middle products, O(n m^0.585)) against the additive-FFT product
/// (O(n log n)); SHA-256 of the same 128 KiB is a familiar yardstick, and the full Karatsuba products show what the
/// AVX-512 kernel adds over the 128-bit one.
/// </summary>
public class ToeplitzBenchmarks
{
    private const int InputBits = 1 << 20;
    private const int OutputBits = InputBits / 2;

    private ulong[] _input = [];
    private ulong[] _seed = [];
    private byte[] _bytes = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new DeterministicRandom(3);
        _input = Enumerable.Range(0, BitPacking.WordCount(InputBits)).Select(_ => random.NextUInt64()).ToArray();
        _seed = Enumerable.Range(0, BitPacking.WordCount(ToeplitzHash.SeedBits(InputBits, OutputBits))).Select(_ => random.NextUInt64()).ToArray();
        _bytes = new byte[InputBits / 8];
        random.NextBytes(_bytes);
    }

    [Benchmark(Baseline = true)]
    public ulong[] ToeplitzByMiddleProducts() => ToeplitzHash.HashByMiddleProducts(_input, InputBits, _seed, OutputBits);

    [Benchmark]
    public ulong[] Toeplitz() => ToeplitzHash.Hash(_input, InputBits, _seed, OutputBits);

    [Benchmark]
    public byte[] Sha256OfTheBlock() => SHA256.HashData(_bytes);

    [Benchmark]
    public ulong[] ProductWith128BitKernel() => CarrylessMultiplication.Multiply(_input, _seed, CarrylessKernel.Pclmul128);

    [Benchmark]
    public ulong[] ProductWithBestKernel() => CarrylessMultiplication.Multiply(_input, _seed);
}
