using QBroker.Qkd.Randomness;
using QBroker.Qkd.Reconciliation;

namespace QBroker.Qkd.Tests;

/// <summary>
/// <see cref="CascadeReconciler"/>'s fast paths (the difference packed in each pass's order, Alice packed where blocks
/// are short, cached range masks, the bisection history standing in for a set of disclosed ranges) against Cascade as
/// its definition (<see cref="PlainCascade"/>) with the same public permutations: the same transcript, the same asks,
/// the same statistics and the same corrected frame, frame after frame through one reconciler.
/// </summary>
public sealed class CascadeEquivalenceTests
{
    public static TheoryData<CascadeVariant, double, int> Cases()
    {
        var cases = new TheoryData<CascadeVariant, double, int>();
        foreach (var variant in Enum.GetValues<CascadeVariant>())
        {
            // Short frames, frames near the session's size (odd lengths leave a short last block), high and low QBER, and
            // three bits with an error (one block a pass).
            foreach (var (qber, bits) in new[] { (0.033, 10_001), (0.033, 9_987), (0.01, 4_099), (0.10, 2_000), (0.05, 777), (0.34, 3) })
            {
                cases.Add(variant, qber, bits);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reconciler_discloses_asks_and_corrects_as_the_plain_definition(CascadeVariant variant, double qber, int bits)
    {
        var random = new DeterministicRandom((ulong)bits ^ (ulong)variant);
        var reconciler = new CascadeReconciler(variant);
        var permutations = PublicPermutations.For(bits, CascadeSchedule.Passes(variant));
        for (var frame = 0; frame < 4; frame++)
        {
            // The estimate the block sizes follow need not be the frame's own QBER.
            var (alice, bob) = ErroredFrame.Create(random, bits, qber * (0.8 + (0.15 * frame)));
            var plainBob = bob.ToArray();
            var (transcript, requests, plainTranscript, plainRequests) = (new List<byte>(), new List<long>(), new List<byte>(), new List<long>());

            var statistics = reconciler.Reconcile(alice, bob, qber, transcript, requests);
            var plain = PlainCascade.Reconcile(variant, alice, plainBob, qber, permutations.Order, permutations.PositionOf, plainTranscript, plainRequests);

            Assert.Equal(plain, statistics);
            Assert.Equal(plainTranscript, transcript);
            Assert.Equal(plainRequests, requests);
            Assert.Equal(plainBob, bob);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(63)]
    [InlineData(1_024)]
    [InlineData(10_000)]
    [InlineData(10_001)]
    public void Public_permutations_are_fixed_per_length_and_their_inverses_and_masks_match(int bits)
    {
        var permutations = PublicPermutations.For(bits, 24);
        // A pure function of the length: built again (as after eviction) it is the same.
        var again = PublicPermutations.Rebuild(bits, 24);
        for (var pass = 0; pass < 24; pass++)
        {
            var order = permutations.Order[pass].AsSpan(0, bits);
            Assert.Equal(order.ToArray(), again.Order[pass].AsSpan(0, bits).ToArray());
            Assert.Equal(Enumerable.Range(0, bits), order.ToArray().Order());
            for (var position = 0; position < bits; position++)
            {
                Assert.Equal(position, permutations.PositionOf[pass][order[position]]);
            }

            var (start, length) = (bits / 3, bits - (bits / 3) - (bits / 5));
            var mask = permutations.RangeMask(pass, start, length)!;
            var expected = new ulong[mask.Length];
            foreach (var position in order.Slice(start, length))
            {
                expected[position >> 6] |= 1UL << (position & 63);
            }

            Assert.Equal(expected, mask);
        }

        // Later passes are shuffled, and differently from each other.
        if (bits >= 63)
        {
            Assert.NotEqual(permutations.Order[1].AsSpan(0, bits).ToArray(), permutations.Order[0].AsSpan(0, bits).ToArray());
            Assert.NotEqual(permutations.Order[1].AsSpan(0, bits).ToArray(), permutations.Order[2].AsSpan(0, bits).ToArray());
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(64)]
    [InlineData(1_000)]
    [InlineData(9_999)]
    [InlineData(10_000)]
    [InlineData(10_238)]
    public void Shuffles_of_a_neighbouring_length_derive_to_a_fresh_build(int bits)
    {
        // The cache derives a block's second frame length from its first (one bit apart, same draws).
        AssertSame(PublicPermutations.Rebuild(bits + 1, 24), PublicPermutations.Rebuild(bits, 24).WithOneMore(), bits + 1);
        AssertSame(PublicPermutations.Rebuild(bits, 24), PublicPermutations.Rebuild(bits + 1, 24).WithoutLargest(), bits);

        static void AssertSame(PublicPermutations expected, PublicPermutations actual, int bits)
        {
            for (var pass = 0; pass < 24; pass++)
            {
                Assert.Equal(expected.Order[pass].AsSpan(0, bits).ToArray(), actual.Order[pass].AsSpan(0, bits).ToArray());
                Assert.Equal(expected.PositionOf[pass].AsSpan(0, bits).ToArray(), actual.PositionOf[pass].AsSpan(0, bits).ToArray());
            }

            Assert.Equal(expected.RangeMask(5, 1, bits - 1), actual.RangeMask(5, 1, bits - 1));
        }
    }
}
