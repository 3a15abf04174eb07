using System.Text.Json;
using QBroker.Qkd.Authentication;
using QBroker.Qkd.Links;
using QBroker.Qkd.Sessions;
using QBroker.Qkd.Theory;

namespace QBroker.Qkd.Tests;

public sealed class QkdSessionTests
{
    private static readonly LinkConfiguration Decoy25 = LinkConfiguration.GobbyYuanShields(25);

    [Fact]
    public void Keys_are_identical_whenever_a_session_succeeds_over_many_seeds()
    {
        var session = new QkdSession(Decoy25);
        var successes = 0;
        for (ulong seed = 1; seed <= 24; seed++)
        {
            var result = session.Run(seed, 20_000_000);
            if (!result.Report.Aborted)
            {
                successes++;
                Assert.Equal(result.AliceKey, result.BobKey);
                Assert.Equal(result.Report.FinalKeyBits, result.AliceKey.Length * 8L);
                Assert.True(result.AliceKey.Length > 0);
            }
        }

        Assert.True(successes >= 20, $"only {successes} of 24 sessions succeeded");
    }

    [Fact]
    public void The_same_seed_reproduces_the_session()
    {
        var session = new QkdSession(Decoy25);
        var a = session.Run(77, 20_000_000);
        var b = session.Run(77, 20_000_000);
        Assert.Equal(a.AliceKey, b.AliceKey);
        Assert.Equal(JsonSerializer.Serialize(a.Report), JsonSerializer.Serialize(b.Report));
        Assert.NotEqual(a.AliceKey, session.Run(78, 20_000_000).AliceKey);
    }

    [Fact]
    public void Reused_per_click_arrays_leave_no_trace_in_the_next_session()
    {
        // The session borrows its per-click arrays from a shared pool: a block after a larger one (longer arrays,
        // full of its clicks) and after one with an eavesdropper must be the block a fresh process would run.
        var session = new QkdSession(Decoy25);
        var first = session.Run(79, 20_000_000);
        new QkdSession(LinkConfiguration.GobbyYuanShields(5) with { Eavesdropper = new EavesdropperSettings(EavesdropperKind.InterceptResend, 0.5) })
            .Run(80, 60_000_000);
        var again = session.Run(79, 20_000_000);
        Assert.Equal(first.AliceKey, again.AliceKey);
        Assert.Equal(JsonSerializer.Serialize(first.Report), JsonSerializer.Serialize(again.Report));
    }

    [Fact]
    public void Full_intercept_resend_aborts_on_the_qber_and_releases_nothing()
    {
        var link = new LinkConfiguration
        {
            Protocol = QkdProtocol.Bb84,
            Source = SourceSettings.SinglePhoton,
            Eavesdropper = new EavesdropperSettings(EavesdropperKind.InterceptResend),
        };
        var result = new QkdSession(link).Run(5, 10_000_000);
        Assert.Equal(AbortReason.QberAboveThreshold, result.Report.AbortReason);
        Assert.Empty(result.AliceKey);
        Assert.Empty(result.BobKey);
        Assert.Equal(0, result.Report.FinalKeyBits);
        // The sample has ~6,000 bits; the QBER is 1/4 + e_det/2 = 26.65 % with sd 0.6 %; allow 5 sd.
        Assert.InRange(result.Report.EstimatedQber, 0.2665 - 0.03, 0.2665 + 0.03);
    }

    [Fact]
    public void Photon_number_splitting_is_caught_by_decoy_states_but_fools_the_naive_single_photon_analysis()
    {
        var eve = new EavesdropperSettings(EavesdropperKind.PhotonNumberSplitting);
        var decoy = new QkdSession(LinkConfiguration.GobbyYuanShields(40) with { Eavesdropper = eve }).Run(3, 200_000_000);
        Assert.Equal(AbortReason.NoSecureKey, decoy.Report.AbortReason);
        Assert.Equal(0, decoy.Report.Decoy!.SinglePhotonYieldLower);
        Assert.Empty(decoy.AliceKey);

        var naive = new QkdSession(new LinkConfiguration
        {
            LengthKm = 40,
            Protocol = QkdProtocol.Bb84,
            Source = SourceSettings.WeakPulses(0.48),
            Eavesdropper = eve,
        }).Run(3, 50_000_000);
        Assert.False(naive.Report.Aborted);
        Assert.True(naive.Report.FinalKeyBits > 0);
        // Eve holds practically every reconciled bit although the QBER looked honest.
        Assert.True(naive.Report.EveKnownBits > 0.95 * naive.Report.ErrorCorrection!.VerifiedBits);
        Assert.InRange(naive.Report.EstimatedQber, 0, 0.06);
    }

    [Fact]
    public void Gllp_without_decoys_gives_no_key_where_multi_photon_pulses_outnumber_detections()
    {
        var link = new LinkConfiguration { LengthKm = 60, Protocol = QkdProtocol.Bb84Gllp, Source = SourceSettings.WeakPulses(0.48) };
        var result = new QkdSession(link).Run(1, 20_000_000);
        Assert.Equal(AbortReason.NoSecureKey, result.Report.AbortReason);
    }

    [Fact]
    public void Gllp_without_decoys_gives_key_at_short_distance_with_a_faint_source_below_its_asymptotic_rate()
    {
        // mu = 0.03 is near GLLP's optimum at short distance (0.026 at 0 km, team note (c).1): multi-photon pulses
        // are then about a third of the 2 km gain, and 2 x 10^8 pulses give about 10^5 key bits.
        var link = new LinkConfiguration { LengthKm = 2, Protocol = QkdProtocol.Bb84Gllp, Source = SourceSettings.WeakPulses(0.03) };
        var result = new QkdSession(link).Run(6, 200_000_000);
        Assert.False(result.Report.Aborted, result.Report.AbortReason.ToString());
        Assert.True(result.Report.FinalKeyBits > 0);
        Assert.Equal(result.AliceKey, result.BobKey);
        // Finite-size costs (signal gain at 6.8 sd, sampling deviation, epsilon terms) only take away from the
        // asymptotic GLLP rate at the efficiency the session's Cascade reached.
        var asymptotic = KeyRateTheory.Gllp(TheoryParameters.FromLink(link, result.Report.ErrorCorrection!.Efficiency), 2, 0.03);
        Assert.InRange(result.Report.KeyRatePerPulse, 0.1 * asymptotic, asymptotic);
    }

    [Fact]
    public void Key_rate_in_bits_per_second_follows_the_clock_rate()
    {
        var fast = new QkdSession(Decoy25).Run(8, 20_000_000).Report;
        var slow = new QkdSession(Decoy25 with { ClockRateHz = 2.5e8 }).Run(8, 20_000_000).Report;
        // The clock only converts per-pulse figures to time: the same seed gives the same key.
        Assert.Equal(fast.FinalKeyBits, slow.FinalKeyBits);
        Assert.True(fast.FinalKeyBits > 0);
        Assert.Equal(fast.KeyRatePerPulse, slow.KeyRatePerPulse);
        Assert.Equal((double)fast.FinalKeyBits / 20_000_000 * 1e9, fast.KeyRateBitsPerSecond, 6);
        Assert.Equal(4, fast.KeyRateBitsPerSecond / slow.KeyRateBitsPerSecond, 12);
    }

    [Fact]
    public void Simulated_decoy_rate_is_below_the_asymptotic_bound_and_approaches_it()
    {
        var link = Decoy25;
        var report = new QkdSession(link).Run(11, 200_000_000).Report;
        var theory = KeyRateTheory.VacuumWeakDecoy(TheoryParameters.FromLink(link, report.ErrorCorrection!.Efficiency), 25, 0.48, 0.1);
        // Only the signal fraction of pulses carries key; the asymptotic bound assumes every pulse does.
        var perSignalPulse = (double)report.FinalKeyBits / report.PulsesPerClass[0];
        Assert.True(perSignalPulse < theory, $"simulated {perSignalPulse:E3} vs bound {theory:E3}");
        // Finite-size costs at 1.6e8 signal pulses (decoy bounds at 6.8 sd, sampling, epsilon terms) stay below half.
        Assert.True(perSignalPulse > 0.5 * theory, $"simulated {perSignalPulse:E3} vs bound {theory:E3}");
    }

    [Fact]
    public void Decoy_estimates_bracket_the_true_single_photon_quantities()
    {
        var link = LinkConfiguration.GobbyYuanShields(25);
        var report = new QkdSession(link).Run(12, 200_000_000).Report;
        var decoy = report.Decoy!;
        var theory = TheoryParameters.FromLink(link);
        var eta = KeyRateTheory.Transmittance(theory, 25);
        var y1 = link.DarkCountProbability + eta - (link.DarkCountProbability * eta);
        var e1 = ((0.5 * link.DarkCountProbability) + (link.Misalignment * eta)) / y1;
        Assert.InRange(decoy.SinglePhotonYieldLower, 0.7 * y1, y1);
        Assert.InRange(decoy.SinglePhotonErrorUpper, e1, 3 * e1);
        // Ground truth: at least the bounded fraction of sifted signal bits came from single photons.
        var trueFraction = (double)report.SinglePhotonSiftedBits / report.SiftedPerClass[0];
        Assert.True(decoy.SinglePhotonFractionLower <= trueFraction);
    }

    [Fact]
    public void Authentication_consumes_pool_key_and_repays_it_from_the_new_key()
    {
        var secret = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var alice = new AuthenticationKeyPool(secret);
        var bob = new AuthenticationKeyPool(secret);
        var result = new QkdSession(Decoy25).Run(21, 20_000_000, alice, bob);
        Assert.False(result.Report.Aborted);
        Assert.True(result.Report.AuthenticationBitsConsumed > 0);
        Assert.Equal(result.Report.AuthenticationBitsConsumed, result.Report.AuthenticationBitsReplenished);
        Assert.Equal(secret.Length * 8, alice.AvailableBits);
        Assert.Equal((secret.Length * 8) + result.Report.AuthenticationBitsReplenished, alice.ReplenishedBits);
        Assert.Equal(alice.Snapshot(), bob.Snapshot());
        // The pool now holds new key, not the old secret.
        Assert.NotEqual(secret, alice.Snapshot());
    }

    [Fact]
    public void An_empty_authentication_pool_aborts_before_anything_is_sent()
    {
        var result = new QkdSession(Decoy25).Run(1, 20_000_000, new AuthenticationKeyPool([]), new AuthenticationKeyPool([]));
        Assert.Equal(AbortReason.AuthenticationKeyExhausted, result.Report.AbortReason);
        Assert.Empty(result.AliceKey);
    }

    [Fact]
    public void Mismatched_pools_fail_authentication()
    {
        var result = new QkdSession(Decoy25).Run(
            1, 20_000_000, new AuthenticationKeyPool(new byte[64]), new AuthenticationKeyPool(Enumerable.Repeat((byte)1, 64).ToArray()));
        Assert.Equal(AbortReason.AuthenticationFailed, result.Report.AbortReason);
        Assert.Empty(result.BobKey);
    }

    [Fact]
    public void Too_few_detections_abort()
    {
        var result = new QkdSession(LinkConfiguration.GobbyYuanShields(100)).Run(1, 1_000_000);
        Assert.Equal(AbortReason.InsufficientDetections, result.Report.AbortReason);
    }

    [Fact]
    public void A_key_bit_target_delivers_about_that_many_key_bits()
    {
        var session = new QkdSession(Decoy25);
        var secret = new byte[128];
        var report = session.RunForKeyBits(4, 50_000, new AuthenticationKeyPool(secret), new AuthenticationKeyPool(secret)).Report;
        // The key bits are Binomial around the target: sd about sqrt(50,000) = 224; allow 2,000 (about 9 sd).
        Assert.InRange(report.ErrorCorrection!.InputBits, 48_000, 52_000);
        Assert.Equal(session.PulsesForKeyBits(50_000), report.Pulses);
    }

    [Fact]
    public void Invalid_configurations_are_rejected_with_every_reason()
    {
        var link = new LinkConfiguration { LengthKm = -1, DetectorEfficiency = 0, Protocol = QkdProtocol.DecoyStateBb84, Source = SourceSettings.SinglePhoton };
        var problems = link.Validate();
        Assert.Contains(problems, p => p.Contains("length", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("detector", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("weak coherent", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => new QkdSession(link));
    }
}
