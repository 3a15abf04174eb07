using System.Numerics;
using System.Runtime.CompilerServices;
using QBroker.Qkd.Bits;

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
/// every variant the permutations are fixed per frame length and shared by every frame and session (they are public,
/// and errors are independent across frames; see <see cref="PublicPermutations"/>).
/// Only Alice's parities count as disclosed: Bob's asks reveal where errors are, not key bits.
/// The simulation decides each comparison on the xor of the two frames (Alice's parity differs from Bob's exactly
/// where that xor has odd parity), so Bob's parities are never computed; Alice's are, for the transcript, whenever
/// she discloses one. Both are held packed in each pass's order where that pays (see FrameState), so that most range
/// parities are a popcount over a word or two instead of one random access per bit.
/// </summary>
public sealed class CascadeReconciler(CascadeVariant variant)
{
    // Working sets of one frame, kept between frames so that they are not allocated again each time.
    private readonly BisectionHistory _history = new();
    private readonly List<(int Pass, int Block)> _pending = [];
    private readonly List<(int Pass, int Block)> _next = [];
    private byte[][] _oddBlocks = [];
    private ulong[][] _aliceInOrder = [];
    private ulong[][] _differenceInOrder = [];

    public CascadeVariant Variant { get; } = variant;

    /// <param name="alice">Alice's frame, one bit a byte.</param>
    /// <param name="bob">Bob's frame, corrected in place.</param>
    /// <param name="estimatedQber">The QBER the block sizes are chosen for.</param>
    /// <param name="disclosedParities">If given, receives every parity bit Alice discloses, in order (the transcript).</param>
    /// <param name="parityRequests">
    /// If given, receives Bob's side of the transcript: one entry per BINARY ask that Alice answers, naming the range
    /// of the pass's public order (pass, start and length, packed as in <see cref="RangeKey"/>).
    /// </param>
    public CascadeStatistics Reconcile(
        ReadOnlySpan<byte> alice,
        Span<byte> bob,
        double estimatedQber,
        List<byte>? disclosedParities = null,
        List<long>? parityRequests = null)
    {
        if (alice.Length != bob.Length)
        {
            throw new ArgumentException("Alice's and Bob's frames differ in length.", nameof(bob));
        }

        var passes = CascadeSchedule.Passes(Variant);
        var infersLastBlock = CascadeSchedule.InfersLastBlockParity(Variant);
        if (_oddBlocks.Length < passes)
        {
            Array.Resize(ref _oddBlocks, passes);
            Array.Resize(ref _aliceInOrder, passes);
            Array.Resize(ref _differenceInOrder, passes);
        }

        _history.StartFrame(passes);
        var state = new FrameState(
            alice,
            bob,
            PublicPermutations.For(alice.Length, passes),
            (_oddBlocks, _aliceInOrder, _differenceInOrder),
            infersLastBlock,
            infersLastBlock ? _history : null,
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
    /// Both parties' views of one frame across passes. Bob's side is held as the difference from Alice, packed in
    /// each pass's order (kept up to date as Bob flips: one bit a pass), and, per pass, which blocks hold an odd number
    /// of differences: exactly the blocks whose parities the two would find unequal. Alice's frame is packed in the
    /// order of each pass with short blocks: those passes gather every bit for their block parities anyway, and then
    /// answer every BINARY ask from the packed words. Passes with long blocks use cached masks instead.
    /// </summary>
    private ref struct FrameState
    {
        // Below this length one random access per bit is cheaper than a pass over the packed frame.
        private const int MaskedRangeBits = 512;

        private readonly ReadOnlySpan<byte> _alice;
        private readonly Span<byte> _bob;
        private readonly ulong[] _alicePacked;
        private readonly PublicPermutations _permutations;
        private readonly byte[][] _oddBlocks;
        private readonly ulong[]?[] _aliceInOrder;
        private readonly ulong[][] _differenceInOrder;
        private readonly int[] _blockSize;
        private readonly int[] _blockShift;
        private readonly List<byte>? _transcript;
        private readonly List<long>? _requests;
        private readonly bool _infersLastBlock;
        private readonly BisectionHistory? _history;
        private readonly (List<(int Pass, int Block)> Pending, List<(int Pass, int Block)> Next) _work;

        public FrameState(
            ReadOnlySpan<byte> alice,
            Span<byte> bob,
            PublicPermutations permutations,
            (byte[][] OddBlocks, ulong[][] AliceInOrder, ulong[][] DifferenceInOrder) buffers,
            bool infersLastBlock,
            BisectionHistory? history,
            (List<(int Pass, int Block)> Pending, List<(int Pass, int Block)> Next) work,
            List<byte>? transcript,
            List<long>? requests)
        {
            _alice = alice;
            _bob = bob;
            _alicePacked = BitPacking.PackToWords(alice);
            var difference = BitPacking.PackToWords(bob);
            for (var w = 0; w < difference.Length; w++)
            {
                difference[w] ^= _alicePacked[w];
            }

            _permutations = permutations;
            (_oddBlocks, _aliceInOrder, _differenceInOrder) = buffers;
            // Pass 0 keeps the frame order, so its packed frames are the frames themselves.
            _aliceInOrder[0] = _alicePacked;
            _differenceInOrder[0] = difference;
            _blockSize = new int[permutations.Order.Length];
            _blockShift = new int[permutations.Order.Length];
            _infersLastBlock = infersLastBlock;
            _history = history;
            _work = work;
            _transcript = transcript;
            _requests = requests;
        }

        public int Disclosed { get; private set; }

        public int ChannelUses { get; private set; }

        public int Flipped { get; private set; }

        public void StartPass(int pass, int blockSize)
        {
            var n = _alice.Length;
            var blocks = (n + blockSize - 1) / blockSize;
            _blockSize[pass] = blockSize;
            // Flips find their block by a shift where the block size allows (the power-of-two schedule's first passes).
            _blockShift[pass] = BitOperations.IsPow2(blockSize) ? BitOperations.Log2((uint)blockSize) : -1;
            if (pass > 0)
            {
                PackInOrder(pass, blockSize < MaskedRangeBits);
            }

            // After the first pass the frame parities are known, so the last block's parity may be implied.
            var computed = pass == 0 || !_infersLastBlock ? blocks : blocks - 1;
            var order = _permutations.Order[pass];
            for (var b = 0; b < computed; b++)
            {
                var start = b * blockSize;
                _transcript?.Add(AliceParity(pass, order, start, Math.Min(blockSize, n - start)));
            }

            if (_oddBlocks[pass] is not { } odd || odd.Length < blocks)
            {
                odd = new byte[blocks];
                _oddBlocks[pass] = odd;
            }

            // Alice's and Bob's parities of a block differ exactly where the difference has odd parity in it.
            var difference = _differenceInOrder[pass];
            for (var b = 0; b < blocks; b++)
            {
                var start = b * blockSize;
                odd[b] = (byte)BitPacking.RangeParity(difference, start, Math.Min(blockSize, n - start));
            }

            _history?.StartPass(pass, blocks);
            Disclosed += computed;
            ChannelUses++;
        }

        public void CorrectOddBlocks(int currentPass)
        {
            var (pending, next) = _work;
            pending.Clear();
            next.Clear();
            var blocks = (_alice.Length + _blockSize[currentPass] - 1) / _blockSize[currentPass];
            for (var b = 0; b < blocks; b++)
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

        private readonly bool IsOdd(int pass, int block) => _oddBlocks[pass][block] != 0;

        /// <summary>
        /// The pass's order packed: the remaining differences always (one set bit each, so cheap to place), Alice's
        /// frame when asked (one gather over the frame, which the block parities of short blocks cost anyway).
        /// </summary>
        private readonly void PackInOrder(int pass, bool alice)
        {
            var words = _alicePacked.Length;
            if (_differenceInOrder[pass] is not { } difference || difference.Length != words)
            {
                difference = new ulong[words];
                _differenceInOrder[pass] = difference;
            }

            Array.Clear(difference);
            var positionOf = _permutations.PositionOf[pass];
            var frameDifference = _differenceInOrder[0];
            for (var w = 0; w < words; w++)
            {
                for (var word = frameDifference[w]; word != 0; word &= word - 1)
                {
                    var position = positionOf[(w << 6) + BitOperations.TrailingZeroCount(word)];
                    difference[position >> 6] |= 1UL << (position & 63);
                }
            }

            if (!alice)
            {
                _aliceInOrder[pass] = null;
                return;
            }

            if (_aliceInOrder[pass] is not { } packed || packed.Length != words)
            {
                packed = new ulong[words];
                _aliceInOrder[pass] = packed;
            }

            var order = _permutations.Order[pass].AsSpan(0, _alice.Length);
            var whole = order.Length >> 6;
            for (var w = 0; w < whole; w++)
            {
                // Four independent chains of sixteen bits each, so the loads are not serialised on one register.
                var chunk = order.Slice(w << 6, 64);
                ulong a = 0, b = 0, c = 0, d = 0;
                for (var i = 0; i < 16; i++)
                {
                    a |= (ulong)_alice[chunk[i]] << i;
                    b |= (ulong)_alice[chunk[i + 16]] << i;
                    c |= (ulong)_alice[chunk[i + 32]] << i;
                    d |= (ulong)_alice[chunk[i + 48]] << i;
                }

                packed[w] = a | (b << 16) | (c << 32) | (d << 48);
            }

            if (whole < words)
            {
                ulong last = 0;
                var tail = order[(whole << 6)..];
                for (var i = 0; i < tail.Length; i++)
                {
                    last |= (ulong)_alice[tail[i]] << i;
                }

                packed[whole] = last;
            }
        }

        /// <summary>BINARY on one odd block: returns the frame index of an error and the number of asks it took.</summary>
        private (int Bit, int Depth) Bisect(int pass, int block)
        {
            var order = _permutations.Order[pass];
            var start = block * _blockSize[pass];
            var end = Math.Min(start + _blockSize[pass], _alice.Length);
            // The variants that reuse parities skip the halves an earlier bisection of this block already asked for.
            var earlierFinds = _history?.Finds(pass, block) ?? -1;
            var (position, depth) = end - start <= 64 && _aliceInOrder[pass] is { } alice
                ? BisectWithinWord(pass, start, end, alice, earlierFinds)
                : BisectRanges(pass, order, start, end, earlierFinds);
            _history?.Record(pass, block, position);
            return (order[position], depth);
        }

        /// <summary>
        /// BINARY on a block of at most 64 bits of a pass whose frames are packed in its order: both parties' bits of
        /// the block are taken into a word each once, and every level is a popcount of a masked word.
        /// </summary>
        private (int Position, int Depth) BisectWithinWord(int pass, int start, int end, ulong[] alice, int earlierFinds)
        {
            var aliceBits = BitPacking.Extract(alice, start, end - start);
            var differenceBits = BitPacking.Extract(_differenceInOrder[pass], start, end - start);
            var (low, high) = (0, end - start);
            var depth = 0;
            while (high - low > 1)
            {
                var middle = low + ((high - low) / 2);
                // At most 32 bits: the shift stays below 64.
                var left = ((1UL << (middle - low)) - 1) << low;
                if (earlierFinds < 0 || !_history!.Disclosed(earlierFinds, start + low, start + high))
                {
                    _requests?.Add(RangeKey(pass, start + low, middle - low));
                    _transcript?.Add((byte)(BitOperations.PopCount(aliceBits & left) & 1));
                    Disclosed++;
                    depth++;
                }

                if ((BitOperations.PopCount(differenceBits & left) & 1) != 0)
                {
                    high = middle;
                }
                else
                {
                    low = middle;
                }
            }

            return (start + low, depth);
        }

        /// <summary>BINARY on a block of any length, one range parity per level.</summary>
        private (int Position, int Depth) BisectRanges(int pass, int[] order, int start, int end, int earlierFinds)
        {
            var difference = _differenceInOrder[pass];
            var depth = 0;
            while (end - start > 1)
            {
                var middle = start + ((end - start) / 2);
                if (earlierFinds < 0 || !_history!.Disclosed(earlierFinds, start, end))
                {
                    DiscloseAliceParity(pass, order, start, middle - start);
                    depth++;
                }

                // Alice's and Bob's parities of the left half differ exactly where the difference has odd parity.
                if (BitPacking.RangeParity(difference, start, middle - start) != 0)
                {
                    end = middle;
                }
                else
                {
                    start = middle;
                }
            }

            return (start, depth);
        }

        /// <summary>Alice discloses her parity of a range of a pass's order, at Bob's ask.</summary>
        private void DiscloseAliceParity(int pass, int[] order, int start, int length)
        {
            _requests?.Add(RangeKey(pass, start, length));
            _transcript?.Add(AliceParity(pass, order, start, length));
            Disclosed++;
        }

        private void FlipBobBit(int bit, int currentPass, List<(int Pass, int Block)> newlyOdd)
        {
            _bob[bit] ^= 1;
            Flipped++;
            for (var pass = 0; pass <= currentPass; pass++)
            {
                var position = _permutations.PositionOf[pass][bit];
                _differenceInOrder[pass][position >> 6] ^= 1UL << (position & 63);
                var block = _blockShift[pass] >= 0 ? position >> _blockShift[pass] : position / _blockSize[pass];
                var odd = _oddBlocks[pass];
                odd[block] ^= 1;
                if (odd[block] != 0)
                {
                    newlyOdd.Add((pass, block));
                }
            }
        }

        /// <summary>
        /// Alice's parity of a range of a pass's order: from her frame packed in that order where there is one, by
        /// cached mask and popcount when long, else gathered bit by bit.
        /// </summary>
        private readonly byte AliceParity(int pass, int[] order, int start, int length) =>
            _aliceInOrder[pass] is { } packed
                ? (byte)BitPacking.RangeParity(packed, start, length)
                : AliceParityUnpacked(pass, order, start, length);

        // Kept out of line: rare (passes with long blocks), and inlined it crowds the registers of the BINARY loops.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private readonly byte AliceParityUnpacked(int pass, int[] order, int start, int length)
        {
            if (length >= MaskedRangeBits && _permutations.RangeMask(pass, start, length) is { } mask)
            {
                return (byte)BitPacking.MaskedParity(_alicePacked, mask);
            }

            var parity = 0;
            foreach (var position in order.AsSpan(start, length))
            {
                parity ^= _alice[position];
            }

            return (byte)(parity & 1);
        }
    }
}
