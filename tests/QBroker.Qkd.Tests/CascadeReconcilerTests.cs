using QBroker.Qkd.Randomness;
using QBroker.Qkd.Reconciliation;

namespace QBroker.Qkd.Tests;

public sealed class CascadeReconcilerTests
{
    private const int FrameBits = 10_000;

    // 20 frames per point: the per-frame spread of f is 0.003-0.011 (team note (c).2), so the mean's standard error
    // is below 0.0025 and the ranges below (from the note's tolerance rule) are not at risk from sampling noise.
    private const int Runs = 20;

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.02)]
    [InlineData(0.05)]
    [InlineData(0.08)]
    [InlineData(0.10)]
    public void Original_cascade_efficiency_and_channel_uses_match_the_published_range(double qber)
    {
        var (efficiency, channelUses, failures) = Measure(CascadeVariant.Original, qber, seed: 1);
        Assert.InRange(efficiency, 1.13, 1.23);
        Assert.InRange(channelUses, 30, 55);
        Assert.Equal(0, failures);
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.02)]
    [InlineData(0.05)]
    [InlineData(0.10)]
    public void Improved_variants_disclose_less_than_the_original(double qber)
    {
        var (original, _, _) = Measure(CascadeVariant.Original, qber, seed: 2);
        var (option3, _, option3Failures) = Measure(CascadeVariant.Option3, qber, seed: 2);
        var (yan, _, _) = Measure(CascadeVariant.YanEtAl, qber, seed: 2);
        Assert.True(option3 < original, $"option3 {option3:F4} vs original {original:F4}");
        Assert.True(yan < original, $"Yan et al. {yan:F4} vs original {original:F4}");
        // cascade-python's option3 reaches 1.098-1.127 at these QBERs (note (c).2); with the implied last-block parity
        // and reused sub-block parities ours measures 1.07-1.10 over 300 frames; the 20-frame mean is within 0.01.
        Assert.InRange(option3, 1.05, 1.115);
        Assert.Equal(0, option3Failures);
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.015)]
    [InlineData(0.02)]
    [InlineData(0.031)]
    [InlineData(0.05)]
    [InlineData(0.063)]
    [InlineData(0.08)]
    [InlineData(0.09)]
    [InlineData(0.10)]
    public void Power_of_two_blocks_reach_efficiency_below_1_10_and_reconcile_every_frame(double qber)
    {
        // The first block 2^ceil(log2(1/Q)) jumps at Q = 1/2^k, so Q k1 runs from 1 to 2 between jumps: 3.1 % and
        // 6.2 % sit just below a jump (two errors per first block), 3.2 % and 6.3 % just above it. Over 1,000 frames at
        // 15 QBERs from 1 % to 10 % (docs/benchmarks-qkd.md, `qbroker qkd cascade`) f stays within 1.060-1.080, the
        // highest at 9-10 %, the widest per-frame spread (0.022) at 1.5 %; the points here are those and the
        // published ones. A 40-frame mean then has a standard error of at most 0.022 / sqrt(40) = 0.0035, so the 1.10
        // target (issue 5) is at least 8 standard errors above every expected mean.
        const int Frames = 40;
        var (efficiency, _, failures) = Measure(CascadeVariant.PowerOfTwoBlocks, qber, seed: 3, Frames);
        Assert.InRange(efficiency, 1.02, 1.10);
        Assert.Equal(0, failures);
    }

    [Theory]
    [InlineData(0.01, 128)]
    [InlineData(0.02, 64)]
    [InlineData(0.05, 32)]
    [InlineData(0.08, 16)]
    [InlineData(0.10, 16)]
    public void Power_of_two_schedule_starts_at_the_power_of_two_above_one_over_qber(double qber, int firstBlock)
    {
        Assert.Equal(firstBlock, CascadeSchedule.BlockSize(CascadeVariant.PowerOfTwoBlocks, 0, qber, 10_000));
        Assert.Equal(2 * firstBlock, CascadeSchedule.BlockSize(CascadeVariant.PowerOfTwoBlocks, 1, qber, 10_000));
        Assert.Equal(5_000, CascadeSchedule.BlockSize(CascadeVariant.PowerOfTwoBlocks, 23, qber, 10_000));
        Assert.Equal(24, CascadeSchedule.Passes(CascadeVariant.PowerOfTwoBlocks));
    }

    [Fact]
    public void Alice_frame_is_untouched_and_bob_ends_equal_to_it()
    {
        var random = new DeterministicRandom(4);
        var (alice, bob) = ErroredFrame.Create(random, 5000, 0.03);
        var aliceCopy = alice.ToArray();
        var statistics = new CascadeReconciler(CascadeVariant.Original).Reconcile(alice, bob, 0.03);
        Assert.Equal(aliceCopy, alice);
        Assert.Equal(alice, bob);
        Assert.Equal(150, statistics.FlippedBits);
    }

    [Fact]
    public void Transcript_holds_every_disclosed_parity()
    {
        var random = new DeterministicRandom(5);
        var (alice, bob) = ErroredFrame.Create(random, 4000, 0.05);
        var transcript = new List<byte>();
        var statistics = new CascadeReconciler(CascadeVariant.YanEtAl).Reconcile(alice, bob, 0.05, transcript);
        Assert.Equal(statistics.DisclosedBits, transcript.Count);
    }

    [Fact]
    public void Bob_requests_each_range_he_bisects_once_and_only_when_alice_answers()
    {
        var random = new DeterministicRandom(5);
        var (alice, bob) = ErroredFrame.Create(random, 4000, 0.05);
        var parities = new List<byte>();
        var requests = new List<long>();
        var statistics = new CascadeReconciler(CascadeVariant.YanEtAl).Reconcile(alice, bob, 0.05, parities, requests);
        // Yan et al. at Q = 5 %: k1 = 16 (250 blocks), k2 = 80 (50 blocks), then 8 passes of 2,000 (2 blocks each);
        // after the first pass one block per pass is implied. Every other disclosed parity answers one of Bob's asks.
        const int BlockParities = 250 + 49 + (8 * 1);
        Assert.Equal(statistics.DisclosedBits - BlockParities, requests.Count);
        Assert.Equal(requests.Count, requests.Distinct().Count());
        Assert.All(requests, r => Assert.InRange(r >> 48, 0, 9));

        var (clean, cleanCopy) = ErroredFrame.Create(random, 4000, 0);
        requests.Clear();
        new CascadeReconciler(CascadeVariant.YanEtAl).Reconcile(clean, cleanCopy, 0.05, parities, requests);
        Assert.Empty(requests);
    }

    [Fact]
    public void Quality_measurement_gives_the_mean_its_spread_and_the_worst_frame()
    {
        var quality = CascadeQuality.Measure(CascadeVariant.Original, 0.05, 12, FrameBits, seed: 7);
        Assert.Equal(12, quality.Frames);
        Assert.InRange(quality.Efficiency, 1.13, 1.23);
        Assert.InRange(quality.EfficiencyStandardDeviation, 1e-4, 0.05);
        Assert.InRange(quality.WorstFrameEfficiency, quality.Efficiency, quality.Efficiency + (4 * quality.EfficiencyStandardDeviation));
        Assert.Equal(quality, CascadeQuality.Measure(CascadeVariant.Original, 0.05, 12, FrameBits, seed: 7));
    }

    [Fact]
    public void An_error_free_frame_still_costs_one_parity_per_block_and_flips_nothing()
    {
        var random = new DeterministicRandom(6);
        var (alice, bob) = ErroredFrame.Create(random, 1000, 0);
        var statistics = new CascadeReconciler(CascadeVariant.Original).Reconcile(alice, bob, 0.1);
        Assert.Equal(0, statistics.FlippedBits);
        // Block sizes 8, 16, 32, 64 give 125 + 63 + 32 + 16 parities and one message per pass.
        Assert.Equal(236, statistics.DisclosedBits);
        Assert.Equal(4, statistics.ChannelUses);
    }

    [Fact]
    public void Improved_variants_leave_the_parity_implied_by_the_frame_parity_undisclosed()
    {
        var random = new DeterministicRandom(6);
        var (alice, bob) = ErroredFrame.Create(random, 1000, 0);
        var statistics = new CascadeReconciler(CascadeVariant.YanEtAl).Reconcile(alice, bob, 0.1);
        // Yan et al. at Q = 10 %: k1 = 8 (125 blocks), k2 = 40 (25 blocks), then 8 passes of 500 (2 blocks each).
        // After the first pass one block per pass is implied: 125 + 24 + 8 * 1 parities.
        Assert.Equal(157, statistics.DisclosedBits);
        Assert.Equal(0, statistics.FlippedBits);
    }

    private static (double Efficiency, double ChannelUses, int Failures) Measure(CascadeVariant variant, double qber, ulong seed, int runs = Runs)
    {
        var quality = CascadeQuality.Measure(variant, qber, runs, FrameBits, seed);
        return (quality.Efficiency, quality.ChannelUses, quality.ResidualFrameErrors);
    }
}
