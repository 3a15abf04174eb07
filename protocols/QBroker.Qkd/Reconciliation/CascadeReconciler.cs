using QBroker.Qkd.Randomness;

namespace QBroker.Qkd.Reconciliation;

/// <summary>
/// Cascade error correction (Brassard and Salvail, EUROCRYPT 1993) of Bob's frame against Alice's. In each pass both
/// parties shuffle the frame with a public permutation and cut it into blocks; Alice discloses every block parity,
/// and each block whose parity differs is bisected (BINARY: Alice discloses the parity of the left half, the right
/// half's follows) down to one error, which Bob flips. A flip changes the parity of the block holding that bit in
/// every earlier pass, so blocks that were even become odd and are corrected in turn: the cascade.
/// Only Alice's parities count as disclosed: Bob's asks reveal where errors are, not key bits.
/// </summary>
public sealed class CascadeReconciler(CascadeVariant variant)
{
    public CascadeVariant Variant { get; } = variant;

    /// <param name="alice">Alice's frame, one bit a byte.</param>
    /// <param name="bob">Bob's frame, corrected in place.</param>
    /// <param name="estimatedQber">The QBER the block sizes are chosen for.</param>
    /// <param name="publicRandom">Public randomness both parties share, for the permutations.</param>
    /// <param name="disclosedParities">If given, receives every parity bit Alice discloses, in order (the transcript).</param>
    public CascadeStatistics Reconcile(
        ReadOnlySpan<byte> alice,
        Span<byte> bob,
        double estimatedQber,
        DeterministicRandom publicRandom,
        List<byte>? disclosedParities = null)
    {
        if (alice.Length != bob.Length)
        {
            throw new ArgumentException("Alice's and Bob's frames differ in length.", nameof(bob));
        }

        var state = new FrameState(alice, bob.ToArray(), CascadeSchedule.Passes(Variant), disclosedParities);
        for (var pass = 0; pass < state.PassCount; pass++)
        {
            var blockSize = CascadeSchedule.BlockSize(Variant, pass, estimatedQber, alice.Length);
            state.StartPass(pass, blockSize, publicRandom);
            state.CorrectOddBlocks(pass);
        }

        state.Bob.CopyTo(bob);
        return new CascadeStatistics(alice.Length, state.Disclosed, state.ChannelUses, state.Flipped);
    }

    /// <summary>Both parties' views of one frame across passes.</summary>
    private sealed class FrameState
    {
        private readonly int _n;
        private readonly int[][] _order;
        private readonly int[][] _positionOf;
        private readonly byte[][] _alicePermuted;
        private readonly byte[][] _bobPermuted;
        private readonly byte[][] _aliceBlockParity;
        private readonly byte[][] _bobBlockParity;
        private readonly int[] _blockSize;
        private readonly byte[] _alice;
        private readonly List<byte>? _transcript;

        public FrameState(ReadOnlySpan<byte> alice, byte[] bob, int passes, List<byte>? transcript)
        {
            _transcript = transcript;
            _n = alice.Length;
            _alice = alice.ToArray();
            Bob = bob;
            PassCount = passes;
            _order = new int[passes][];
            _positionOf = new int[passes][];
            _alicePermuted = new byte[passes][];
            _bobPermuted = new byte[passes][];
            _aliceBlockParity = new byte[passes][];
            _bobBlockParity = new byte[passes][];
            _blockSize = new int[passes];
        }

        public byte[] Bob { get; }

        public int PassCount { get; }

        public int Disclosed { get; private set; }

        public int ChannelUses { get; private set; }

        public int Flipped { get; private set; }

        public void StartPass(int pass, int blockSize, DeterministicRandom publicRandom)
        {
            // The first pass uses the frame as it is (errors are already independent); later passes shuffle.
            var order = pass == 0 ? Identity(_n) : RandomVariates.Permutation(publicRandom, _n);
            var positionOf = new int[_n];
            var alicePermuted = new byte[_n];
            var bobPermuted = new byte[_n];
            for (var position = 0; position < _n; position++)
            {
                var bit = order[position];
                positionOf[bit] = position;
                alicePermuted[position] = _alice[bit];
                bobPermuted[position] = Bob[bit];
            }

            var blocks = (_n + blockSize - 1) / blockSize;
            var aliceParity = new byte[blocks];
            var bobParity = new byte[blocks];
            for (var b = 0; b < blocks; b++)
            {
                var start = b * blockSize;
                var length = Math.Min(blockSize, _n - start);
                aliceParity[b] = Parity(alicePermuted.AsSpan(start, length));
                _transcript?.Add(aliceParity[b]);
                bobParity[b] = Parity(bobPermuted.AsSpan(start, length));
            }

            _order[pass] = order;
            _positionOf[pass] = positionOf;
            _alicePermuted[pass] = alicePermuted;
            _bobPermuted[pass] = bobPermuted;
            _aliceBlockParity[pass] = aliceParity;
            _bobBlockParity[pass] = bobParity;
            _blockSize[pass] = blockSize;
            Disclosed += blocks;
            ChannelUses++;
        }

        public void CorrectOddBlocks(int currentPass)
        {
            var pending = new List<(int Pass, int Block)>();
            for (var b = 0; b < _aliceBlockParity[currentPass].Length; b++)
            {
                if (IsOdd(currentPass, b))
                {
                    pending.Add((currentPass, b));
                }
            }

            var next = new List<(int Pass, int Block)>();
            while (pending.Count > 0)
            {
                var deepest = 0;
                foreach (var (pass, block) in pending)
                {
                    if (!IsOdd(pass, block))
                    {
                        continue;
                    }

                    var (position, depth) = Bisect(pass, block);
                    deepest = Math.Max(deepest, depth);
                    FlipBobBit(_order[pass][position], currentPass, next);
                }

                ChannelUses += deepest;
                (pending, next) = (next, pending);
                next.Clear();
            }
        }

        private bool IsOdd(int pass, int block) => _aliceBlockParity[pass][block] != _bobBlockParity[pass][block];

        /// <summary>BINARY on one odd block: returns the position of an error and the number of asks it took.</summary>
        private (int Position, int Depth) Bisect(int pass, int block)
        {
            var start = block * _blockSize[pass];
            var end = Math.Min(start + _blockSize[pass], _n);
            var alice = _alicePermuted[pass];
            var bob = _bobPermuted[pass];
            var depth = 0;
            while (end - start > 1)
            {
                var middle = start + ((end - start) / 2);
                var aliceLeft = Parity(alice.AsSpan(start, middle - start));
                _transcript?.Add(aliceLeft);
                Disclosed++;
                depth++;
                if (aliceLeft != Parity(bob.AsSpan(start, middle - start)))
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

        private void FlipBobBit(int bit, int currentPass, List<(int Pass, int Block)> newlyOdd)
        {
            Bob[bit] ^= 1;
            Flipped++;
            for (var pass = 0; pass <= currentPass; pass++)
            {
                var position = _positionOf[pass][bit];
                _bobPermuted[pass][position] ^= 1;
                var block = position / _blockSize[pass];
                _bobBlockParity[pass][block] ^= 1;
                if (IsOdd(pass, block))
                {
                    newlyOdd.Add((pass, block));
                }
            }
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

        private static byte Parity(ReadOnlySpan<byte> bits)
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
