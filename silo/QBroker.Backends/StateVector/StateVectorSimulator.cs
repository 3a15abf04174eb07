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
    /// <summary>Widest state: 2^30 amplitudes (16 GiB) is the largest power of two a .NET array can hold.</summary>
    public const int MaxQubits = 30;

    private readonly Complex[] _amplitudes;
    private readonly ParallelOptions _parallel;
    private readonly int _parallelThresholdQubits;

    public StateVectorSimulator(int qubitCount, int maxDegreeOfParallelism = 1, int parallelThresholdQubits = 16)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(qubitCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(qubitCount, MaxQubits);
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
            ApplyOneQubit(gate.Qubits[0], gate.Matrix!);
        }
        else
        {
            ApplyDense(gate.Qubits, gate.Matrix!);
        }
    }

    /// <summary>
    /// Squared norm of the part of the state with <paramref name="qubit"/> = 1, and of the whole state, in one pass.
    /// Their ratio is the probability of measuring 1 even when the state is not normalised (quantum trajectories
    /// apply Kraus operators without renormalising when they can).
    /// </summary>
    public (double One, double Total) WeightOfOne(int qubit)
    {
        PassCount++;
        var mask = 1L << qubit;
        var ones = new double[ChunkCount(_amplitudes.Length)];
        var totals = new double[ones.Length];
        RunChunked(_amplitudes.Length, ones.Length, (chunk, start, end) =>
        {
            var one = 0.0;
            var total = 0.0;
            for (var i = start; i < end; i++)
            {
                var a = _amplitudes[i];
                var weight = a.Real * a.Real + a.Imaginary * a.Imaginary;
                total += weight;
                if ((i & mask) != 0)
                {
                    one += weight;
                }
            }
            ones[chunk] = one;
            totals[chunk] = total;
        });
        return (ones.Sum(), totals.Sum());
    }

    /// <summary>
    /// Projects <paramref name="qubit"/> onto <paramref name="outcome"/> and renormalises to norm 1, given the squared
    /// norm of the part kept (the outcome's probability when the state was normalised).
    /// </summary>
    public void Collapse(int qubit, bool outcome, double keptWeight)
    {
        PassCount++;
        var mask = 1L << qubit;
        var scale = 1.0 / Math.Sqrt(keptWeight);
        RunChunked(_amplitudes.Length, ChunkCount(_amplitudes.Length), (_, start, end) =>
        {
            for (var i = start; i < end; i++)
            {
                _amplitudes[i] = ((i & mask) != 0) == outcome ? _amplitudes[i] * scale : Complex.Zero;
            }
        });
    }

    /// <summary>
    /// Measures <paramref name="qubit"/>, using <paramref name="uniform"/> in [0,1) to pick the outcome, and collapses
    /// the state, which is normalised afterwards whether or not it was before.
    /// </summary>
    public bool Measure(int qubit, double uniform)
    {
        var (one, total) = WeightOfOne(qubit);
        var outcome = uniform * total < one;
        Collapse(qubit, outcome, outcome ? one : total - one);
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
        if (!Vector256.IsHardwareAccelerated)
        {
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
            return;
        }
        if (qubit == 0)
        {
            // Both amplitudes of a pair sit in one register: broadcast each, multiply by a column of the matrix.
            var c0r = Vector256.Create(m[0].Real, m[0].Real, m[2].Real, m[2].Real);
            var c0i = Vector256.Create(-m[0].Imaginary, m[0].Imaginary, -m[2].Imaginary, m[2].Imaginary);
            var c1r = Vector256.Create(m[1].Real, m[1].Real, m[3].Real, m[3].Real);
            var c1i = Vector256.Create(-m[1].Imaginary, m[1].Imaginary, -m[3].Imaginary, m[3].Imaginary);
            RunChunked(pairs, ChunkCount(pairs), (_, start, end) =>
            {
                ref var d = ref AsDoubles();
                for (var p = start; p < end; p++)
                {
                    var offset = (nuint)(p << 2);
                    var v = Vector256.LoadUnsafe(ref d, offset);
                    var a0 = Vector256.Shuffle(v, Vector256.Create(0L, 1L, 0L, 1L));
                    var a1 = Vector256.Shuffle(v, Vector256.Create(2L, 3L, 2L, 3L));
                    var result = MultiplyAdd(a0, c0r, MultiplyAdd(SwapReIm(a0), c0i, MultiplyAdd(a1, c1r, SwapReIm(a1) * c1i)));
                    result.StoreUnsafe(ref d, offset);
                }
            });
            return;
        }
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
            var p = start;
            while (p < end)
            {
                // Pairs p.. up to the next multiple of the stride have contiguous first amplitudes.
                var runEnd = Math.Min(end, (p | (stride - 1)) + 1);
                var i0 = ((p >> qubit) << (qubit + 1)) | (p & (stride - 1));
                var o0 = (nuint)(i0 << 1);
                var o1 = (nuint)((i0 + stride) << 1);
                var last = o0 + (nuint)((runEnd - p) << 1);
                for (; o0 < last; o0 += 4, o1 += 4)
                {
                    var a0 = Vector256.LoadUnsafe(ref d, o0);
                    var a1 = Vector256.LoadUnsafe(ref d, o1);
                    var s0 = SwapReIm(a0);
                    var s1 = SwapReIm(a1);
                    MultiplyAdd(a0, m00r, MultiplyAdd(s0, m00i, MultiplyAdd(a1, m01r, s1 * m01i))).StoreUnsafe(ref d, o0);
                    MultiplyAdd(a0, m10r, MultiplyAdd(s0, m10i, MultiplyAdd(a1, m11r, s1 * m11i))).StoreUnsafe(ref d, o1);
                }
                p = runEnd;
            }
        });
    }

    /// <summary>
    /// Amplitudes whose indices differ only below the lowest diagonal qubit share a diagonal entry, so the pass walks
    /// runs of that length, multiplying each run by one complex number with SIMD, and skips runs whose entry is exactly
    /// 1 (three quarters of a controlled phase), which saves their memory traffic entirely.
    /// </summary>
    private void ApplyDiagonal(int[] qubits, Complex[] diagonal)
    {
        var mask = 0UL;
        foreach (var q in qubits)
        {
            mask |= 1UL << q;
        }
        var lowest = qubits[0];
        var runLength = 1L << lowest;
        var runs = (long)_amplitudes.Length >> lowest;
        if (lowest >= 1 && Vector256.IsHardwareAccelerated)
        {
            var real = diagonal.Select(x => Vector256.Create(x.Real)).ToArray();
            var imaginary = diagonal.Select(ImaginaryAlternating).ToArray();
            RunChunked(runs, ChunkCount(runs), (_, start, end) =>
            {
                ref var d = ref AsDoubles();
                for (var run = start; run < end; run++)
                {
                    var first = run << lowest;
                    var local = Local((ulong)first, mask, qubits);
                    if (diagonal[local] == Complex.One)
                    {
                        continue;
                    }
                    var re = real[local];
                    var im = imaginary[local];
                    var last = (nuint)((first + runLength) << 1);
                    for (var o = (nuint)(first << 1); o < last; o += 4)
                    {
                        var v = Vector256.LoadUnsafe(ref d, o);
                        MultiplyAdd(v, re, SwapReIm(v) * im).StoreUnsafe(ref d, o);
                    }
                }
            });
            return;
        }
        RunChunked(_amplitudes.Length, ChunkCount(_amplitudes.Length), (_, start, end) =>
        {
            for (var i = start; i < end; i++)
            {
                var entry = diagonal[Local((ulong)i, mask, qubits)];
                if (entry != Complex.One)
                {
                    _amplitudes[i] *= entry;
                }
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
            if (width == 2)
            {
                RunChunked(bases, ChunkCount(bases), (_, start, end) => TwoQubitChunk(_amplitudes, start, end, qubits[0], qubits[1], real, imaginary));
                return;
            }
            RunChunked(bases, ChunkCount(bases), (_, start, end) => DenseChunk(_amplitudes, start, end, qubits, offsets, real, imaginary));
            return;
        }
        if (width == 2 && Vector256.IsHardwareAccelerated)
        {
            RunChunked(bases, ChunkCount(bases), (_, start, end) => TwoQubitChunkWithQubitZero(_amplitudes, start, end, qubits[1], matrix));
            return;
        }
        if (Vector128.IsHardwareAccelerated)
        {
            // Qubit 0 is a target, so neighbouring amplitudes belong to the same group: one complex per 128-bit register.
            var real = matrix.Select(x => Vector128.Create(x.Real)).ToArray();
            var imaginary = matrix.Select(x => Vector128.Create(-x.Imaginary, x.Imaginary)).ToArray();
            RunChunked(bases, ChunkCount(bases), (_, start, end) =>
            {
                Span<Vector128<double>> input = stackalloc Vector128<double>[dimension];
                Span<Vector128<double>> swapped = stackalloc Vector128<double>[dimension];
                ref var d = ref AsDoubles();
                for (var b = start; b < end; b++)
                {
                    var baseIndex = Deposit(b, qubits);
                    for (var g = 0; g < dimension; g++)
                    {
                        var v = Vector128.LoadUnsafe(ref d, (nuint)((baseIndex + offsets[g]) << 1));
                        input[g] = v;
                        swapped[g] = Vector128.Shuffle(v, Vector128.Create(1L, 0L));
                    }
                    for (var r = 0; r < dimension; r++)
                    {
                        var row = r * dimension;
                        var a = Vector128<double>.Zero;
                        var c = Vector128<double>.Zero;
                        for (var g = 0; g < dimension; g++)
                        {
                            a += input[g] * real[row + g];
                            c += swapped[g] * imaginary[row + g];
                        }
                        (a + c).StoreUnsafe(ref d, (nuint)((baseIndex + offsets[r]) << 1));
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

    /// <summary>The two-qubit case of <see cref="DenseChunk"/>, unrolled: the commonest dense gate (CX, swap, fused pairs).</summary>
    private static void TwoQubitChunk(
        Complex[] amplitudes, long start, long end, int low, int high, Vector256<double>[] real, Vector256<double>[] imaginary)
    {
        ref var d = ref Unsafe.As<Complex, double>(ref MemoryMarshal.GetArrayDataReference(amplitudes));
        var lowMask = (1L << low) - 1;
        var highMask = (1L << high) - 1;
        var o1 = (nuint)(2L << low);
        var o2 = (nuint)(2L << high);
        var o3 = o1 + o2;
        var re = real.AsSpan(0, 16);
        var im = imaginary.AsSpan(0, 16);
        for (var b = start; b < end; b += 2)
        {
            // Insert zero bits at positions low and high (low < high) into b.
            var t = ((b & ~lowMask) << 1) | (b & lowMask);
            var index = ((t & ~highMask) << 1) | (t & highMask);
            var o0 = (nuint)(index << 1);
            var v0 = Vector256.LoadUnsafe(ref d, o0);
            var v1 = Vector256.LoadUnsafe(ref d, o0 + o1);
            var v2 = Vector256.LoadUnsafe(ref d, o0 + o2);
            var v3 = Vector256.LoadUnsafe(ref d, o0 + o3);
            var w0 = SwapReIm(v0);
            var w1 = SwapReIm(v1);
            var w2 = SwapReIm(v2);
            var w3 = SwapReIm(v3);
            Row(v0, v1, v2, v3, w0, w1, w2, w3, re[..4], im[..4]).StoreUnsafe(ref d, o0);
            Row(v0, v1, v2, v3, w0, w1, w2, w3, re[4..8], im[4..8]).StoreUnsafe(ref d, o0 + o1);
            Row(v0, v1, v2, v3, w0, w1, w2, w3, re[8..12], im[8..12]).StoreUnsafe(ref d, o0 + o2);
            Row(v0, v1, v2, v3, w0, w1, w2, w3, re[12..16], im[12..16]).StoreUnsafe(ref d, o0 + o3);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Row(
        Vector256<double> v0, Vector256<double> v1, Vector256<double> v2, Vector256<double> v3,
        Vector256<double> w0, Vector256<double> w1, Vector256<double> w2, Vector256<double> w3,
        ReadOnlySpan<Vector256<double>> re, ReadOnlySpan<Vector256<double>> im)
    {
        var a = MultiplyAdd(v1, re[1], v0 * re[0]);
        var b = MultiplyAdd(w1, im[1], w0 * im[0]);
        a = MultiplyAdd(v3, re[3], MultiplyAdd(v2, re[2], a));
        b = MultiplyAdd(w3, im[3], MultiplyAdd(w2, im[2], b));
        return a + b;
    }

    /// <summary>
    /// Two-qubit gate on qubit 0 and qubit <paramref name="high"/>: each group is two registers, [a0, a1] and [a2, a3]
    /// (local indices), so every amplitude is broadcast across a register and multiplied by a pair of matrix entries.
    /// </summary>
    private static void TwoQubitChunkWithQubitZero(Complex[] amplitudes, long start, long end, int high, Complex[] m)
    {
        ref var d = ref Unsafe.As<Complex, double>(ref MemoryMarshal.GetArrayDataReference(amplitudes));
        // Column c of the matrix split into rows (0,1) and rows (2,3), as real and alternating-imaginary registers.
        Span<Vector256<double>> lowRe = stackalloc Vector256<double>[4];
        Span<Vector256<double>> lowIm = stackalloc Vector256<double>[4];
        Span<Vector256<double>> highRe = stackalloc Vector256<double>[4];
        Span<Vector256<double>> highIm = stackalloc Vector256<double>[4];
        for (var c = 0; c < 4; c++)
        {
            lowRe[c] = Vector256.Create(m[c].Real, m[c].Real, m[4 + c].Real, m[4 + c].Real);
            lowIm[c] = Vector256.Create(-m[c].Imaginary, m[c].Imaginary, -m[4 + c].Imaginary, m[4 + c].Imaginary);
            highRe[c] = Vector256.Create(m[8 + c].Real, m[8 + c].Real, m[12 + c].Real, m[12 + c].Real);
            highIm[c] = Vector256.Create(-m[8 + c].Imaginary, m[8 + c].Imaginary, -m[12 + c].Imaginary, m[12 + c].Imaginary);
        }
        var first = Vector256.Create(0L, 1L, 0L, 1L);
        var second = Vector256.Create(2L, 3L, 2L, 3L);
        var belowHigh = (1L << high) - 1;
        var highOffset = (nuint)(2L << high);
        for (var b = start; b < end; b++)
        {
            // Insert a zero at bit 0 and at bit `high` of b.
            var t = b << 1;
            var index = ((t & ~belowHigh) << 1) | (t & belowHigh);
            var o = (nuint)(index << 1);
            var v = Vector256.LoadUnsafe(ref d, o);
            var w = Vector256.LoadUnsafe(ref d, o + highOffset);
            var a0 = Vector256.Shuffle(v, first);
            var a1 = Vector256.Shuffle(v, second);
            var a2 = Vector256.Shuffle(w, first);
            var a3 = Vector256.Shuffle(w, second);
            var s0 = SwapReIm(a0);
            var s1 = SwapReIm(a1);
            var s2 = SwapReIm(a2);
            var s3 = SwapReIm(a3);
            var low = MultiplyAdd(a0, lowRe[0], MultiplyAdd(a1, lowRe[1], MultiplyAdd(a2, lowRe[2], a3 * lowRe[3])))
                + MultiplyAdd(s0, lowIm[0], MultiplyAdd(s1, lowIm[1], MultiplyAdd(s2, lowIm[2], s3 * lowIm[3])));
            var upper = MultiplyAdd(a0, highRe[0], MultiplyAdd(a1, highRe[1], MultiplyAdd(a2, highRe[2], a3 * highRe[3])))
                + MultiplyAdd(s0, highIm[0], MultiplyAdd(s1, highIm[1], MultiplyAdd(s2, highIm[2], s3 * highIm[3])));
            low.StoreUnsafe(ref d, o);
            upper.StoreUnsafe(ref d, o + highOffset);
        }
    }

    /// <summary>
    /// The paired SIMD kernel for a dense gate whose lowest qubit is not qubit 0, over bases [start, end). A static
    /// method rather than a lambda body so every loop bound and table lives in a register or on the stack: closure
    /// fields would be reloaded after every store, since the JIT cannot prove the stores do not alias them.
    /// </summary>
    private static void DenseChunk(
        Complex[] amplitudes, long start, long end, int[] qubits, long[] offsets, Vector256<double>[] real, Vector256<double>[] imaginary)
    {
        var dimension = offsets.Length;
        Span<Vector256<double>> input = stackalloc Vector256<double>[dimension];
        Span<Vector256<double>> swapped = stackalloc Vector256<double>[dimension];
        ref var d = ref Unsafe.As<Complex, double>(ref MemoryMarshal.GetArrayDataReference(amplitudes));
        ref var re = ref MemoryMarshal.GetArrayDataReference(real);
        ref var im = ref MemoryMarshal.GetArrayDataReference(imaginary);
        ref var offset = ref MemoryMarshal.GetArrayDataReference(offsets);
        ref var inputRef = ref MemoryMarshal.GetReference(input);
        ref var swappedRef = ref MemoryMarshal.GetReference(swapped);
        for (var b = start; b < end; b += 2)
        {
            var baseIndex = Deposit(b, qubits);
            for (var g = 0; g < dimension; g++)
            {
                var v = Vector256.LoadUnsafe(ref d, (nuint)((baseIndex + Unsafe.Add(ref offset, g)) << 1));
                Unsafe.Add(ref inputRef, g) = v;
                Unsafe.Add(ref swappedRef, g) = SwapReIm(v);
            }
            // Two rows at a time, real and swapped products in separate accumulators: four independent
            // FMA chains hide the FMA latency that a single running sum would expose.
            for (var r = 0; r < dimension; r += 2)
            {
                var row0 = r * dimension;
                var row1 = row0 + dimension;
                var a0 = Vector256<double>.Zero;
                var b0 = Vector256<double>.Zero;
                var a1 = Vector256<double>.Zero;
                var b1 = Vector256<double>.Zero;
                for (var g = 0; g < dimension; g++)
                {
                    var v = Unsafe.Add(ref inputRef, g);
                    var w = Unsafe.Add(ref swappedRef, g);
                    a0 = MultiplyAdd(v, Unsafe.Add(ref re, row0 + g), a0);
                    b0 = MultiplyAdd(w, Unsafe.Add(ref im, row0 + g), b0);
                    a1 = MultiplyAdd(v, Unsafe.Add(ref re, row1 + g), a1);
                    b1 = MultiplyAdd(w, Unsafe.Add(ref im, row1 + g), b1);
                }
                (a0 + b0).StoreUnsafe(ref d, (nuint)((baseIndex + Unsafe.Add(ref offset, r)) << 1));
                (a1 + b1).StoreUnsafe(ref d, (nuint)((baseIndex + Unsafe.Add(ref offset, r + 1)) << 1));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> MultiplyAdd(Vector256<double> a, Vector256<double> b, Vector256<double> c) =>
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : a * b + c;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Local(ulong index, ulong mask, int[] qubits) =>
        Bmi2.X64.IsSupported ? (int)Bmi2.X64.ParallelBitExtract(index, mask) : Extract((long)index, qubits);

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
