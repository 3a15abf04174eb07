using QBroker.Qkd.Reconciliation;

namespace QBroker.Qkd.Tests;

/// <summary>
/// Cascade written as its definition, for checking <see cref="CascadeReconciler"/>'s fast paths against: every
/// parity gathered bit by bit from both parties' frames, each block's parity compared party against party, and the
/// sub-block parities Alice disclosed remembered in a dictionary by range. Same schedule, same permutations, same
/// order of asks.
/// </summary>
internal static class PlainCascade
{
    public static CascadeStatistics Reconcile(
        CascadeVariant variant,
        byte[] alice,
        byte[] bob,
        double estimatedQber,
        int[][] order,
        int[][] positionOf,
        List<byte> transcript,
        List<long> requests)
    {
        var n = alice.Length;
        var passes = CascadeSchedule.Passes(variant);
        var infersLastBlock = CascadeSchedule.InfersLastBlockParity(variant);
        var known = new Dictionary<long, byte>();
        var aliceParity = new byte[passes][];
        var bobParity = new byte[passes][];
        var blockSize = new int[passes];
        int disclosed = 0, channelUses = 0, flipped = 0;
        byte aliceFrameParity = 0, bobFrameParity = 0;

        byte Parity(byte[] bits, int pass, int start, int length)
        {
            var parity = 0;
            for (var i = start; i < start + length; i++)
            {
                parity ^= bits[order[pass][i]];
            }

            return (byte)parity;
        }

        (int Bit, int Depth) Bisect(int pass, int block)
        {
            var start = block * blockSize[pass];
            var end = Math.Min(start + blockSize[pass], n);
            var depth = 0;
            while (end - start > 1)
            {
                var middle = start + ((end - start) / 2);
                var key = CascadeReconciler.RangeKey(pass, start, middle - start);
                if (!infersLastBlock || !known.TryGetValue(key, out var aliceLeft))
                {
                    aliceLeft = Parity(alice, pass, start, middle - start);
                    if (infersLastBlock)
                    {
                        known.Add(key, aliceLeft);
                    }

                    requests.Add(key);
                    transcript.Add(aliceLeft);
                    disclosed++;
                    depth++;
                }

                if (aliceLeft != Parity(bob, pass, start, middle - start))
                {
                    end = middle;
                }
                else
                {
                    start = middle;
                }
            }

            return (order[pass][start], depth);
        }

        for (var pass = 0; pass < passes; pass++)
        {
            var size = CascadeSchedule.BlockSize(variant, pass, estimatedQber, n);
            var blocks = (n + size - 1) / size;
            var computed = pass == 0 || !infersLastBlock ? blocks : blocks - 1;
            aliceParity[pass] = new byte[blocks];
            bobParity[pass] = new byte[blocks];
            blockSize[pass] = size;
            byte aliceSum = 0, bobSum = 0;
            for (var b = 0; b < computed; b++)
            {
                var length = Math.Min(size, n - (b * size));
                aliceParity[pass][b] = Parity(alice, pass, b * size, length);
                bobParity[pass][b] = Parity(bob, pass, b * size, length);
                transcript.Add(aliceParity[pass][b]);
                aliceSum ^= aliceParity[pass][b];
                bobSum ^= bobParity[pass][b];
            }

            if (pass == 0)
            {
                (aliceFrameParity, bobFrameParity) = (aliceSum, bobSum);
            }
            else if (computed < blocks)
            {
                aliceParity[pass][^1] = (byte)(aliceFrameParity ^ aliceSum);
                bobParity[pass][^1] = (byte)(bobFrameParity ^ bobSum);
            }

            disclosed += computed;
            channelUses++;

            var pending = Enumerable.Range(0, blocks).Where(b => aliceParity[pass][b] != bobParity[pass][b]).Select(b => (Pass: pass, Block: b)).ToList();
            while (pending.Count > 0)
            {
                var next = new List<(int Pass, int Block)>();
                var deepest = 0;
                foreach (var (p, block) in pending)
                {
                    if (aliceParity[p][block] == bobParity[p][block])
                    {
                        continue;
                    }

                    var (bit, depth) = Bisect(p, block);
                    deepest = Math.Max(deepest, depth);
                    bob[bit] ^= 1;
                    bobFrameParity ^= 1;
                    flipped++;
                    for (var earlier = 0; earlier <= pass; earlier++)
                    {
                        var flippedBlock = positionOf[earlier][bit] / blockSize[earlier];
                        bobParity[earlier][flippedBlock] ^= 1;
                        if (aliceParity[earlier][flippedBlock] != bobParity[earlier][flippedBlock])
                        {
                            next.Add((earlier, flippedBlock));
                        }
                    }
                }

                channelUses += deepest;
                pending = next;
            }
        }

        return new CascadeStatistics(n, disclosed, channelUses, flipped);
    }
}
