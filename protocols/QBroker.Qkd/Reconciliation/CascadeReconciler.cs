using QBroker.Qkd.Randomness;

namespace QBroker.Qkd.Reconciliation;

/// <summary>
/// Cascade error correction (Brassard and Salvail, EUROCRYPT 1993) of Bob's frame against Alice's. In each pass both
/// parties shuffle the frame with a public permutation and cut it into blocks; Alice discloses the block parities,
/// and each block whose parity differs is bisected (BINARY: Alice discloses the parity of the left half, the right
/// half's follows) down to one error, which Bob flips. A flip changes the parity of the block holding that bit in
/// every earlier pass, so blocks that were even become odd and are corrected in turn: the cascade.
/// The improved variants save twice, along the lines of Martinez-Mateo et al. (2015): the parity of the whole frame
/// is known after the first pass, so in later passes the last block's parity follows from the others and is not
/// disclosed; and Alice's bits never change, so a sub-block parity she disclosed while bisecting a block is reused
/// when the cascade sends the same block through BINARY again, instead of being disclosed twice. For
/// every variant the permutations are drawn once per frame length and reused for every frame (they are public, and
/// errors are independent across frames).
/// Only Alice's parities count as disclosed: Bob's asks reveal where errors are, not key bits.
/// </summary>
public sealed class CascadeReconciler(CascadeVariant variant)
{
    private readonly Dictionary<int, Permutations> _permutations = [];

    // Working sets of one frame, kept between frames so that they are not grown again from empty each time.
    private readonly Dictionary<long, byte> _disclosedRanges = [];
    private readonly List<(int Pass, int Block)> _pending = [];
    private readonly List<(int Pass, int Block)> _next = [];

    public CascadeVariant Variant { get; } = variant;

    /// <param name="alice">Alice's frame, one bit a byte.</param>
    /// <param name="bob">Bob's frame, corrected in place.</param>
    /// <param name="estimatedQber">The QBER the block sizes are chosen for.</param>
    /// <param name="publicRandom">Public randomness both parties share, for the permutations of a new frame length.</param>
    /// <param name="disclosedParities">If given, receives every parity bit Alice discloses, in order (the transcript).</param>
    /// <param name="parityRequests">
    /// If given, receives Bob's side of the transcript: one entry per BINARY ask that Alice answers, naming the range
    /// of the pass's public order (pass, start and length, packed as in <see cref="RangeKey"/>).
    /// </param>
    public CascadeStatistics Reconcile(
        ReadOnlySpan<byte> alice,
        Span<byte> bob,
        double estimatedQber,
        DeterministicRandom publicRandom,
        List<byte>? disclosedParities = null,
        List<long>? parityRequests = null)
    {
        if (alice.Length != bob.Length)
        {
            throw new ArgumentException("Alice's and Bob's frames differ in length.", nameof(bob));
        }

        var passes = CascadeSchedule.Passes(Variant);
        if (!_permutations.TryGetValue(alice.Length, out var permutations))
        {
            permutations = new Permutations(alice.Length, passes, publicRandom);
            _permutations[alice.Length] = permutations;
        }

        var infersLastBlock = CascadeSchedule.InfersLastBlockParity(Variant);
        _disclosedRanges.Clear();
        var state = new FrameState(
            alice,
            bob,
            permutations,
            passes,
            infersLastBlock,
            infersLastBlock ? _disclosedRanges : null,
            (_pending, _next),
            disclosedParities,
            parityRequests);
        for (var pass = 0; pass < passes; pass++)
        {
            state.StartPass(pass, CascadeSchedule.BlockSize(Variant, pass, estimatedQber, alice.Length));
            state.CorrectOddBlocks(pass);
        }

        return new CascadeStatistics(alice.Length, state.Disclosed, state.ChannelUses, state.Flipped);
    }

    /// <summary>A range of a pass's order as one number: frames are far below 2^24 bits, so the three fields fit.</summary>
    public static long RangeKey(int pass, int start, int length) => ((long)pass << 48) | ((long)start << 24) | (long)length;

    /// <summary>
    /// The public shuffles of one frame length: pass 0 keeps the frame order (errors are already independent). Also
    /// caches, for long ranges of a shuffled order, a bit mask over frame positions, so that the parity of such a
    /// range is a popcount over packed words instead of one random access per bit; ranges recur from frame to frame
    /// (block boundaries and the upper levels of BINARY do not depend on the data).
    /// </summary>
    private sealed class Permutations
    {
        private readonly Dictionary<long, ulong[]> _masks = [];
        private readonly int _n;

        public Permutations(int n, int passes, DeterministicRandom publicRandom)
        {
            _n = n;
            Order = new int[passes][];
            PositionOf = new int[passes][];
            for (var pass = 0; pass < passes; pass++)
            {
                var order = pass == 0 ? Identity(n) : RandomVariates.Permutation(publicRandom, n);
                var positionOf = new int[n];
                for (var position = 0; position < n; position++)
                {
                    positionOf[order[position]] = position;
                }

                Order[pass] = order;
                PositionOf[pass] = positionOf;
            }
        }

        public int[][] Order { get; }

        public int[][] PositionOf { get; }

        /// <summary>Frame positions of order[start .. start + length) of a pass, as a packed mask.</summary>
        public ulong[] Mask(int pass, int start, int length)
        {
            var key = RangeKey(pass, start, length);
            if (!_masks.TryGetValue(key, out var mask))
            {
                mask = new ulong[Bits.BitPacking.WordCount(_n)];
                foreach (var position in Order[pass].AsSpan(start, length))
                {
                    mask[position >> 6] |= 1UL << (position & 63);
                }

                _masks[key] = mask;
            }

            return mask;
        }

        private static int[] Identity(int n)
        {
            var order = new int[n];
            for (var i = 0; i < n; i++)
            {
                order[i] = i;
            }

            return order;
        }
    }

    /// <summary>Both parties' views of one frame across passes: block parities, not permuted copies.</summary>
    private ref struct FrameState
    {
        private readonly ReadOnlySpan<byte> _alice;
        private readonly Span<byte> _bob;
        private readonly Permutations _permutations;
        private readonly byte[][] _aliceBlockParity;
        private readonly byte[][] _bobBlockParity;
        private readonly int[] _blockSize;
        private readonly List<byte>? _transcript;
        private readonly List<long>? _requests;
        private readonly bool _infersLastBlock;
        private readonly Dictionary<long, byte>? _disclosedRanges;
        private readonly (List<(int Pass, int Block)> Pending, List<(int Pass, int Block)> Next) _work;
        private readonly ulong[] _alicePacked;
        private readonly ulong[] _bobPacked;
        private byte _aliceFrameParity;
        private byte _bobFrameParity;

        public FrameState(
            ReadOnlySpan<byte> alice,
            Span<byte> bob,
            Permutations permutations,
            int passes,
            bool infersLastBlock,
            Dictionary<long, byte>? disclosedRanges,
            (List<(int Pass, int Block)> Pending, List<(int Pass, int Block)> Next) work,
            List<byte>? transcript,
            List<long>? requests)
        {
            _requests = requests;
            _infersLastBlock = infersLastBlock;
            _disclosedRanges = disclosedRanges;
            _work = work;
            _alicePacked = Bits.BitPacking.PackToWords(alice);
            _bobPacked = Bits.BitPacking.PackToWords(bob);
            _alice = alice;
            _bob = bob;
            _permutations = permutations;
            _transcript = transcript;
            _aliceBlockParity = new byte[passes][];
            _bobBlockParity = new byte[passes][];
            _blockSize = new int[passes];
        }

        public int Disclosed { get; private set; }

        public int ChannelUses { get; private set; }

        public int Flipped { get; private set; }

        public void StartPass(int pass, int blockSize)
        {
            var n = _alice.Length;
            var blocks = (n + blockSize - 1) / blockSize;
            var aliceParity = new byte[blocks];
            var bobParity = new byte[blocks];
            // After the first pass the frame parities are known, so the last block's parity may be implied.
            var computed = pass == 0 || !_infersLastBlock ? blocks : blocks - 1;
            byte aliceSum = 0;
            byte bobSum = 0;
            for (var b = 0; b < computed; b++)
            {
                var start = b * blockSize;
                var length = Math.Min(blockSize, n - start);
                aliceParity[b] = pass == 0 ? ContiguousParity(_alice.Slice(start, length)) : RangeParity(_alice, _alicePacked, pass, start, length);
                bobParity[b] = pass == 0 ? ContiguousParity(_bob.Slice(start, length)) : RangeParity(_bob, _bobPacked, pass, start, length);
                _transcript?.Add(aliceParity[b]);
                aliceSum ^= aliceParity[b];
                bobSum ^= bobParity[b];
            }

            if (pass == 0)
            {
                _aliceFrameParity = aliceSum;
                _bobFrameParity = bobSum;
            }
            else if (computed < blocks)
            {
                aliceParity[^1] = (byte)(_aliceFrameParity ^ aliceSum);
                bobParity[^1] = (byte)(_bobFrameParity ^ bobSum);
            }

            _aliceBlockParity[pass] = aliceParity;
            _bobBlockParity[pass] = bobParity;
            _blockSize[pass] = blockSize;
            Disclosed += computed;
            ChannelUses++;
        }

        public void CorrectOddBlocks(int currentPass)
        {
            var (pending, next) = _work;
            pending.Clear();
            next.Clear();
            for (var b = 0; b < _aliceBlockParity[currentPass].Length; b++)
            {
                if (IsOdd(currentPass, b))
                {
                    pending.Add((currentPass, b));
                }
            }

            while (pending.Count > 0)
            {
                var deepest = 0;
                foreach (var (pass, block) in pending)
                {
                    if (!IsOdd(pass, block))
                    {
                        continue;
                    }

                    var (bit, depth) = Bisect(pass, block);
                    deepest = Math.Max(deepest, depth);
                    FlipBobBit(bit, currentPass, next);
                }

                ChannelUses += deepest;
                (pending, next) = (next, pending);
                next.Clear();
            }
        }

        private readonly bool IsOdd(int pass, int block) => _aliceBlockParity[pass][block] != _bobBlockParity[pass][block];

        /// <summary>BINARY on one odd block: returns the frame index of an error and the number of asks it took.</summary>
        private (int Bit, int Depth) Bisect(int pass, int block)
        {
            var order = _permutations.Order[pass];
            var start = block * _blockSize[pass];
            var end = Math.Min(start + _blockSize[pass], _alice.Length);
            var depth = 0;
            while (end - start > 1)
            {
                var middle = start + ((end - start) / 2);
                var aliceLeft = AliceRangeParity(pass, order, start, middle - start, ref depth);
                if (aliceLeft != RangeParity(_bob, _bobPacked, pass, start, middle - start))
                {
                    end = middle;
                }
                else
                {
                    start = middle;
                }
            }

            return (order[start], depth);
        }

        /// <summary>Alice's parity of a range of a pass: disclosed once, remembered by the variants that reuse it.</summary>
        private byte AliceRangeParity(int pass, int[] order, int start, int length, ref int depth)
        {
            var key = RangeKey(pass, start, length);
            if (_disclosedRanges is not null && _disclosedRanges.TryGetValue(key, out var known))
            {
                return known;
            }

            var parity = RangeParity(_alice, _alicePacked, pass, start, length);
            _disclosedRanges?.Add(key, parity);
            _requests?.Add(key);
            _transcript?.Add(parity);
            Disclosed++;
            depth++;
            return parity;
        }

        private void FlipBobBit(int bit, int currentPass, List<(int Pass, int Block)> newlyOdd)
        {
            _bob[bit] ^= 1;
            _bobPacked[bit >> 6] ^= 1UL << (bit & 63);
            _bobFrameParity ^= 1;
            Flipped++;
            for (var pass = 0; pass <= currentPass; pass++)
            {
                var block = _permutations.PositionOf[pass][bit] / _blockSize[pass];
                _bobBlockParity[pass][block] ^= 1;
                if (IsOdd(pass, block))
                {
                    newlyOdd.Add((pass, block));
                }
            }
        }

        /// <summary>Parity of a range of a pass's order: by mask and popcount when long, by gathering bytes when short.</summary>
        private readonly byte RangeParity(ReadOnlySpan<byte> bits, ulong[] packed, int pass, int start, int length)
        {
            // Below this length one random access per bit is cheaper than a pass over the packed frame.
            const int MaskedRangeBits = 512;
            if (length < MaskedRangeBits || pass == 0)
            {
                return GatherParity(bits, _permutations.Order[pass], start, length);
            }

            return (byte)Bits.BitPacking.MaskedParity(packed, _permutations.Mask(pass, start, length));
        }

        private static byte GatherParity(ReadOnlySpan<byte> bits, int[] order, int start, int length)
        {
            var parity = 0;
            var positions = order.AsSpan(start, length);
            foreach (var position in positions)
            {
                parity ^= bits[position];
            }

            return (byte)(parity & 1);
        }

        private static byte ContiguousParity(ReadOnlySpan<byte> bits)
        {
            var i = 0;
            ulong accumulator = 0;
            for (; i + 8 <= bits.Length; i += 8)
            {
                accumulator ^= BitConverter.ToUInt64(bits.Slice(i, 8));
            }

            byte parity = 0;
            for (; i < bits.Length; i++)
            {
                parity ^= bits[i];
            }

            // Each byte holds 0 or 1, so xor-ing eight at a time keeps one parity per byte lane; fold the lanes.
            accumulator ^= accumulator >> 32;
            accumulator ^= accumulator >> 16;
            accumulator ^= accumulator >> 8;
            return (byte)((parity ^ (byte)accumulator) & 1);
        }
    }
}
