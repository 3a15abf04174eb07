using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace QBroker.Benchmarks.Backends;

/// <summary>
/// The machine's streaming memory bandwidth, measured the way a gate pass uses memory: every element of a buffer read
/// once and written once, SIMD, split over all cores in the same chunks as the engine. It is the baseline the gate
/// passes are compared with in the same run.
/// </summary>
internal static class MemoryStream
{
    public static void ScaleInPlace(double[] buffer, int threads)
    {
        var chunks = threads * 4;
        var length = buffer.Length / chunks;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads }, c =>
        {
            var vectors = MemoryMarshal.Cast<double, Vector256<double>>(buffer.AsSpan(c * length, length));
            var factor = Vector256.Create(0.999_999_9);
            for (var i = 0; i < vectors.Length; i++)
            {
                vectors[i] *= factor;
            }
        });
    }
}
