using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace QBroker.Backends.StateVector;

/// <summary>
/// A dense state vector of 2^n amplitudes (qubit k = bit k of the index) and the kernels that update it. Every
/// kernel is one pass over the state (counted in <see cref="PassCount"/>), vectorised with <see cref="Vector256{T}"/>
/// (two complex amplitudes per register) and split over cores with Parallel.For once the state is large enough.
/// </summary>
public sealed class StateVectorSimulator
{
    private readonly Complex[] _amplitudes;
    private readonly ParallelOptions _parallel;
    private readonly int _parallelThresholdQubits;

    public StateVectorSimulator(int qubitCount, int maxDegreeOfParallelism = 1, int parallelThresholdQubits = 16)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(qubitCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(qubitCount, 30);
        QubitCount = qubitCount;
        _amplitudes = GC.AllocateUninitializedArray<Complex>(1 << qubitCount);
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        _parallelThresholdQubits = parallelThresholdQubits;
        InitialiseZero();
    }

    public int QubitCount { get; }

    public ReadOnlySpan<Complex> Amplitudes => _amplitudes;

    /// <summary>Passes over the whole state since construction (gates, measurements, resets).</summary>
    public long PassCount { get; private set; }

    public static long BytesFor(int qubitCount) => 16L << qubitCount;

    /// <summary>Puts the state in |0…0⟩.</summary>
    public void InitialiseZero()
    {
        Array.Clear(_amplitudes);
        _amplitudes[0] = Complex.One;
    }

    public void CopyFrom(StateVectorSimulator other)
    {
        if (other.QubitCount != QubitCount)
        {
            throw new ArgumentException("States differ in width.", nameof(other));
        }
        other._amplitudes.AsSpan().CopyTo(_amplitudes);
    }

    /// <summary>Applies a fused (or single) gate in one pass, choosing the cheapest kernel for its shape.</summary>
    public void Apply(FusedGate gate)
    {
        PassCount++;
        if (gate.Diagonal is { } diagonal)
        {
            ApplyDiagonal(gate.Qubits, diagonal);
        }
        else if (gate.Qubits.Length == 1)
        {
            ApplyOneQubit(gate.Qubits[0], gate.Matrix);
        }
        else
        {
            ApplyDense(gate.Qubits, gate.Matrix);
        }
    }

    /// <summary>Probability that measuring <paramref name="qubit"/> gives 1.</summary>
    public double ProbabilityOfOne(int qubit)
    {
        PassCount++;
        var mask = 1L << qubit;
        var partial = new double[ChunkCount(_amplitudes.Length)];
        RunChunked(_amplitudes.Length, partial.Length, (chunk, start, end) =>
        {
            var sum = 0.0;
            for (var i = start; i < end; i++)
            {
                if ((i & mask) != 0)
                {
                    var a = _amplitudes[i];
                    sum += a.Real * a.Real + a.Imaginary * a.Imaginary;
                }
            }
            partial[chunk] = sum;
        });
        return partial.Sum();
    }

    /// <summary>Projects <paramref name="qubit"/> onto <paramref name="outcome"/> and renormalises, given that outcome's probability.</summary>
    public void Collapse(int qubit, bool outcome, double probability)
    {
        PassCount++;
        var mask = 1L << qubit;
        var scale = 1.0 / Math.Sqrt(probability);
        RunChunked(_amplitudes.Length, ChunkCount(_amplitudes.Length), (_, start, end) =>
        {
            for (var i = start; i < end; i++)
            {
                _amplitudes[i] = ((i & mask) != 0) == outcome ? _amplitudes[i] * scale : Complex.Zero;
            }
        });
    }

    /// <summary>Measures <paramref name="qubit"/>, using <paramref name="uniform"/> in [0,1) to pick the outcome, and collapses the state.</summary>
    public bool Measure(int qubit, double uniform)
    {
        var p1 = ProbabilityOfOne(qubit);
        var outcome = uniform < p1;
        Collapse(qubit, outcome, outcome ? p1 : 1 - p1);
        return outcome;
    }

    /// <summary>
    /// Draws <paramref name="shots"/> basis states from |amplitude|² in one sweep: the uniforms are sorted, then matched
    /// against the running cumulative probability, so the cost is one pass plus a sort of the shots.
    /// </summary>
    public long[] SampleBasisStates(int shots, Func<double> uniform)
    {
        PassCount++;
        var targets = new double[shots];
        for (var s = 0; s < shots; s++)
        {
            targets[s] = uniform();
        }
        Array.Sort(targets);
        var total = 0.0;
        foreach (var a in _amplitudes)
        {
            total += a.Real * a.Real + a.Imaginary * a.Imaginary;
        }
        var samples = new long[shots];
        var cumulative = 0.0;
        var next = 0;
        var lastNonZero = 0L;
        for (long i = 0; i < _amplitudes.Length && next < shots; i++)
        {
            var a = _amplitudes[i];
            var p = a.Real * a.Real + a.Imaginary * a.Imaginary;
            if (p == 0)
            {
                continue;
            }
            lastNonZero = i;
            cumulative += p;
            while (next < shots && targets[next] * total < cumulative)
            {
                samples[next++] = i;
            }
        }
        // Rounding can leave the last few uniforms just above the final cumulative sum: they belong to the last state.
        while (next < shots)
        {
            samples[next++] = lastNonZero;
        }
        return samples;
    }

    private void ApplyOneQubit(int qubit, Complex[] m)
    {
        var pairs = _amplitudes.Length >> 1;
        var stride = 1L << qubit;
        if (qubit >= 1 && Vector256.IsHardwareAccelerated)
        {
            var m00r = Vector256.Create(m[0].Real);
            var m00i = ImaginaryAlternating(m[0]);
            var m01r = Vector256.Create(m[1].Real);
            var m01i = ImaginaryAlternating(m[1]);
            var m10r = Vector256.Create(m[2].Real);
            var m10i = ImaginaryAlternating(m[2]);
            var m11r = Vector256.Create(m[3].Real);
            var m11i = ImaginaryAlternating(m[3]);
            RunChunked(pairs, ChunkCount(pairs), (_, start, end) =>
            {
                ref var d = ref AsDoubles();
                for (var p = start; p < end; p += 2)
                {
                    var i0 = ((p >> qubit) << (qubit + 1)) | (p & (stride - 1));
                    var o0 = (nuint)(i0 << 1);
                    var o1 = (nuint)((i0 + stride) << 1);
                    var a0 = Vector256.LoadUnsafe(ref d, o0);
                    var a1 = Vector256.LoadUnsafe(ref d, o1);
                    var s0 = SwapReIm(a0);
                    var s1 = SwapReIm(a1);
                    (a0 * m00r + s0 * m00i + a1 * m01r + s1 * m01i).StoreUnsafe(ref d, o0);
                    (a0 * m10r + s0 * m10i + a1 * m11r + s1 * m11i).StoreUnsafe(ref d, o1);
                }
            });
            return;
        }
        RunChunked(pairs, ChunkCount(pairs), (_, start, end) =>
        {
            for (var p = start; p < end; p++)
            {
                var i0 = ((p >> qubit) << (qubit + 1)) | (p & (stride - 1));
                var a0 = _amplitudes[i0];
                var a1 = _amplitudes[i0 + stride];
                _amplitudes[i0] = m[0] * a0 + m[1] * a1;
                _amplitudes[i0 + stride] = m[2] * a0 + m[3] * a1;
            }
        });
    }

    private void ApplyDiagonal(int[] qubits, Complex[] diagonal)
    {
        var mask = 0UL;
        foreach (var q in qubits)
        {
            mask |= 1UL << q;
        }
        RunChunked(_amplitudes.Length, ChunkCount(_amplitudes.Length), (_, start, end) =>
        {
            for (var i = start; i < end; i++)
            {
                var local = Bmi2.X64.IsSupported ? (int)Bmi2.X64.ParallelBitExtract((ulong)i, mask) : Extract(i, qubits);
                _amplitudes[i] *= diagonal[local];
            }
        });
    }

    private void ApplyDense(int[] qubits, Complex[] matrix)
    {
        var width = qubits.Length;
        var dimension = 1 << width;
        var offsets = new long[dimension];
        for (var g = 0; g < dimension; g++)
        {
            for (var j = 0; j < width; j++)
            {
                if ((g >> j & 1) == 1)
                {
                    offsets[g] |= 1L << qubits[j];
                }
            }
        }
        var bases = (long)_amplitudes.Length >> width;
        if (qubits[0] >= 1 && Vector256.IsHardwareAccelerated)
        {
            var real = matrix.Select(x => Vector256.Create(x.Real)).ToArray();
            var imaginary = matrix.Select(ImaginaryAlternating).ToArray();
            RunChunked(bases, ChunkCount(bases), (_, start, end) =>
            {
                Span<Vector256<double>> input = stackalloc Vector256<double>[dimension];
                Span<Vector256<double>> swapped = stackalloc Vector256<double>[dimension];
                ref var d = ref AsDoubles();
                for (var b = start; b < end; b += 2)
                {
                    var baseIndex = Deposit(b, qubits);
                    for (var g = 0; g < dimension; g++)
                    {
                        input[g] = Vector256.LoadUnsafe(ref d, (nuint)((baseIndex + offsets[g]) << 1));
                        swapped[g] = SwapReIm(input[g]);
                    }
                    for (var r = 0; r < dimension; r++)
                    {
                        var row = r * dimension;
                        var acc = Vector256<double>.Zero;
                        for (var g = 0; g < dimension; g++)
                        {
                            acc += input[g] * real[row + g] + swapped[g] * imaginary[row + g];
                        }
                        acc.StoreUnsafe(ref d, (nuint)((baseIndex + offsets[r]) << 1));
                    }
                }
            });
            return;
        }
        RunChunked(bases, ChunkCount(bases), (_, start, end) =>
        {
            Span<Complex> input = stackalloc Complex[dimension];
            for (var b = start; b < end; b++)
            {
                var baseIndex = Deposit(b, qubits);
                for (var g = 0; g < dimension; g++)
                {
                    input[g] = _amplitudes[baseIndex + offsets[g]];
                }
                for (var r = 0; r < dimension; r++)
                {
                    var acc = Complex.Zero;
                    for (var g = 0; g < dimension; g++)
                    {
                        acc += matrix[r * dimension + g] * input[g];
                    }
                    _amplitudes[baseIndex + offsets[r]] = acc;
                }
            }
        });
    }

    /// <summary>Inserts a zero bit at each (ascending) qubit position: the index of the base amplitude of a group.</summary>
    private static long Deposit(long value, int[] ascendingQubits)
    {
        foreach (var q in ascendingQubits)
        {
            var low = value & ((1L << q) - 1);
            value = ((value >> q) << (q + 1)) | low;
        }
        return value;
    }

    private static int Extract(long index, int[] qubits)
    {
        var local = 0;
        for (var j = 0; j < qubits.Length; j++)
        {
            local |= (int)((index >> qubits[j]) & 1) << j;
        }
        return local;
    }

    /// <summary>(−im, im, −im, im): with the swapped (im, re) pairs of an amplitude vector this yields the imaginary part of a complex product.</summary>
    private static Vector256<double> ImaginaryAlternating(Complex c) => Vector256.Create(-c.Imaginary, c.Imaginary, -c.Imaginary, c.Imaginary);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> SwapReIm(Vector256<double> v) => Vector256.Shuffle(v, Vector256.Create(1L, 0L, 3L, 2L));

    private ref double AsDoubles() => ref Unsafe.As<Complex, double>(ref MemoryMarshal.GetArrayDataReference(_amplitudes));

    /// <summary>Several chunks per thread so a thread slowed by a neighbour's work does not hold up the pass; always even-sized for the paired kernels.</summary>
    private int ChunkCount(long items) =>
        items < (1L << _parallelThresholdQubits) ? 1 : Math.Max(1, _parallel.MaxDegreeOfParallelism * 4);

    private void RunChunked(long items, int chunks, Action<int, long, long> body)
    {
        if (chunks == 1)
        {
            body(0, 0, items);
            return;
        }
        var size = ((items + chunks - 1) / chunks + 1) & ~1L;
        Parallel.For(0, chunks, _parallel, c =>
        {
            var start = c * size;
            var end = Math.Min(items, start + size);
            if (start < end)
            {
                body(c, start, end);
            }
        });
    }
}
