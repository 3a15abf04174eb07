using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using QBroker.Qkd.Authentication;
using QBroker.Qkd.Bits;
using QBroker.Qkd.Estimation;
using QBroker.Qkd.Links;
using QBroker.Qkd.Physics;
using QBroker.Qkd.PrivacyAmplification;
using QBroker.Qkd.Randomness;
using QBroker.Qkd.Reconciliation;
using QBroker.Qkd.Sifting;

namespace QBroker.Qkd.Sessions;

/// <summary>
/// Runs one block of a link end to end: physics, sifting, parameter estimation (with decoy bounds), Cascade with a
/// verification hash, Toeplitz privacy amplification and Wegman-Carter authentication paid from the parties' pools,
/// which are repaid from the new key. One call is one block; the same seed gives the same session.
/// </summary>
public sealed class QkdSession
{
    // Fewer sifted signal bits than this cannot give a meaningful sample and key.
    private const int MinimumSiftedBits = 256;

    // Size of the pre-shared secret of the convenience overload that creates its own pools.
    private const int DefaultPreSharedBytes = 512;

    private readonly LinkConfiguration _link;
    private readonly ClassicalChannelTamper? _classicalAdversary;

    /// <param name="link">The link; rejected with every problem listed when it cannot be simulated.</param>
    /// <param name="classicalAdversary">
    /// An active attacker on the classical channel (none by default): authentication must abort any session whose
    /// messages it alters.
    /// </param>
    public QkdSession(LinkConfiguration link, ClassicalChannelTamper? classicalAdversary = null)
    {
        var problems = link.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid link configuration: " + string.Join(" ", problems), nameof(link));
        }

        _link = link;
        _classicalAdversary = classicalAdversary;
    }

    /// <summary>
    /// Test seam: called with each frame's index and both parties' bits after Cascade and before verification, so a
    /// test can leave a residual error (which Cascade reaches too rarely to test by chance) and see the frame go.
    /// </summary>
    internal delegate void FrameHook(int frame, Span<byte> alice, Span<byte> bob);

    internal FrameHook? AfterCascade { get; init; }

    /// <summary>Pulses expected to yield about <paramref name="targetKeyBits"/> sifted signal bits for error correction.</summary>
    public long PulsesForKeyBits(int targetKeyBits)
    {
        var keyBitsPerPulse = _link.Protocol == QkdProtocol.Bbm92
            ? EntangledPairModel.FromLink(_link).CoincidenceProbability * 0.5 * (1 - _link.EntangledSource.TestProbability)
                * (1 - _link.PostProcessing.SampleFraction)
            : _link.Source.SignalProbability * ClickModel.Build(_link, _link.Source.SignalIntensity).ClickProbability * 0.5
                * (1 - _link.PostProcessing.SampleFraction);
        return (long)Math.Ceiling(targetKeyBits / keyBitsPerPulse);
    }

    /// <summary>One block sized by its yield rather than its pulse count: about targetKeyBits bits enter error correction.</summary>
    public SessionResult RunForKeyBits(ulong seed, int targetKeyBits, AuthenticationKeyPool alicePool, AuthenticationKeyPool bobPool) =>
        Run(seed, PulsesForKeyBits(targetKeyBits), alicePool, bobPool);

    /// <summary>A session with fresh pools holding a pre-shared secret derived from the seed (for experiments).</summary>
    public SessionResult Run(ulong seed, long pulses)
    {
        var secret = new byte[DefaultPreSharedBytes];
        new DeterministicRandom(seed ^ 0xA5A5A5A5A5A5A5A5UL).NextBytes(secret);
        return Run(seed, pulses, new AuthenticationKeyPool(secret), new AuthenticationKeyPool(secret));
    }

    public SessionResult Run(ulong seed, long pulses, AuthenticationKeyPool alicePool, AuthenticationKeyPool bobPool)
    {
        var root = new DeterministicRandom(seed);
        var physicsRandom = root.Fork(1);
        var publicRandom = root.Fork(2);
        var post = _link.PostProcessing;
        var consumedBefore = alicePool.ConsumedBits;
        var report = new SessionReport
        {
            Seed = seed,
            Protocol = _link.Protocol,
            LengthKm = _link.LengthKm,
            Pulses = pulses,
            PulsesPerClass = [0, 0, 0],
            ClicksPerClass = [0, 0, 0],
            SiftedPerClass = [0, 0, 0],
            SecurityEpsilon = post.SecurityEpsilon,
            ClockRateHz = _link.ClockRateHz,
        };

        SessionResult Abort(SessionReport at, AbortReason reason) => new(
            at with { AbortReason = reason, AuthenticationBitsConsumed = alicePool.ConsumedBits - consumedBefore },
            [],
            []);

        var channel = AuthenticatedChannel.Open(alicePool, bobPool, _classicalAdversary);
        if (channel is null)
        {
            return Abort(report, AbortReason.AuthenticationKeyExhausted);
        }

        // Quantum transmission and sifting.
        var entangled = _link.Protocol == QkdProtocol.Bbm92;
        var events = entangled
            ? EntangledPhysicalLayer.Simulate(_link, pulses, physicsRandom)
            : PhysicalLayer.Simulate(_link, pulses, physicsRandom, pooledArrays: true);
        var sifted = Sifter.Sift(events);
        channel.BobSends(ClassicalMessage.BobBases, BasesMessage(events));
        channel.AliceSends(ClassicalMessage.AliceSiftingAnswer, BitPacking.WordsToBytes(sifted.BasisMatches, events.Count));
        channel.AliceSends(ClassicalMessage.AliceSiftingAnswer, ClassesMessage(events));
        ChshEstimate? chsh = null;
        if (entangled)
        {
            // The test rounds' outcomes are disclosed by both (and never become key) to estimate S.
            var (aliceTests, bobTests) = TestOutcomes(events);
            channel.AliceSends(ClassicalMessage.TestOutcomes, PackBits(aliceTests));
            channel.BobSends(ClassicalMessage.TestOutcomes, PackBits(bobTests));
            chsh = ChshEstimator.Estimate(events);
        }

        // Sifting and its messages were the per-click arrays' last use.
        events.ReturnArrays();
        var siftedPerClass = Enumerable.Range(0, Sifter.ClassCount).Select(c => (long)sifted.SiftedCount(c)).ToArray();
        report = report with
        {
            PulsesPerClass = [.. events.PulsesPerClass],
            ClicksPerClass = [.. sifted.ClicksPerClass],
            SiftedPerClass = siftedPerClass,
            SinglePhotonSiftedBits = sifted.SignalPhotonNumbers.AsSpan().Count((byte)1),
            Chsh = chsh,
        };
        if (!channel.ClosePhase())
        {
            return Abort(report, AbortReason.AuthenticationFailed);
        }

        if (sifted.SiftedCount(0) < MinimumSiftedBits)
        {
            return Abort(report, AbortReason.InsufficientDetections);
        }

        // Parameter estimation: a random sample of the signal bits, and all decoy and vacuum bits, are disclosed.
        var sample = QberSampler.Sample(
            sifted.AliceWords(0), sifted.BobWords(0), sifted.SiftedCount(0), sifted.SignalEveKnowsBit, post.SampleFraction, publicRandom);
        for (var c = 1; c < Sifter.ClassCount; c++)
        {
            channel.AliceSends(ClassicalMessage.DecoyBits, BitPacking.WordsToBytes(sifted.AliceWords(c), sifted.SiftedCount(c)));
            channel.BobSends(ClassicalMessage.DecoyBits, BitPacking.WordsToBytes(sifted.BobWords(c), sifted.SiftedCount(c)));
        }

        channel.AliceSends(ClassicalMessage.SampleSize, BitConverter.GetBytes(sample.SampleSize));
        channel.BobSends(ClassicalMessage.SampleErrors, BitConverter.GetBytes(sample.SampleErrors));
        var keyBits = sample.AliceKey.Length;
        var estimate = new FiniteKeyEstimate(
            _link,
            new EstimationCounts(
                events.PulsesPerClass, sifted.ClicksPerClass, siftedPerClass, sifted.Errors(1), sifted.Errors(2), sample.SampleSize, sample.SampleErrors));
        report = report with
        {
            SampleBits = sample.SampleSize,
            SampleErrors = sample.SampleErrors,
            EstimatedQber = sample.Qber,
            QberUpperBound = estimate.QberUpperBound,
            Decoy = estimate.Decoy,
            ActualQber = ErrorRate(sample.AliceKey, sample.BobKey),
        };
        if (!channel.ClosePhase())
        {
            return Abort(report, AbortReason.AuthenticationFailed);
        }

        if (sample.Qber > post.QberAbortThreshold)
        {
            return Abort(report, AbortReason.QberAboveThreshold);
        }

        if (chsh is not null && !chsh.ViolatesBellInequality(StatisticalBounds.StandardDeviationsFor(post.SecurityEpsilon)))
        {
            return Abort(report, AbortReason.NoBellViolation);
        }

        // Even a reconciliation at the Shannon limit would leave no key: stop before spending effort on it. The
        // correctness parameter is what the verification hashes will give (see Reconcile).
        var shannonLeak = keyBits * Theory.BinaryEntropy.H2(sample.Qber);
        var expectedCorrectness = (BitPacking.WordCount(keyBits) + FrameCount(keyBits)) / Math.Pow(2, 64);
        if (estimate.KeyLength(shannonLeak, expectedCorrectness) <= 0)
        {
            return Abort(report with { KeyLengthBound = estimate.KeyLength(shannonLeak, expectedCorrectness) }, AbortReason.NoSecureKey);
        }

        // Error correction and verification, frame by frame.
        var (aliceKey, bobKey, correction, correctnessEpsilon) =
            Reconcile(sample.AliceKey, sample.BobKey, sample.Qber, sample.EveKnowsBit, publicRandom, channel, out var eveKnown);
        var leaked = correction.DisclosedBits + (correction.Frames * (long)post.VerificationTagBits);
        report = report with
        {
            ErrorCorrection = correction,
            LeakedBits = leaked,
            EveKnownBits = eveKnown,
            CorrectnessEpsilon = correctnessEpsilon,
        };
        if (!channel.ClosePhase())
        {
            return Abort(report, AbortReason.AuthenticationFailed);
        }

        if (correction.VerifiedBits == 0)
        {
            return Abort(report, AbortReason.VerificationFailed);
        }

        // Privacy amplification: frames that failed verification are gone. Removing d bits from a string lowers its
        // smooth min-entropy given Eve by at most d (chain rule), so the bound loses the discarded bits in full; the
        // epsilon terms and the leak (all of it public) stay as they are. Scaling the entropy term by the share kept
        // instead would assume the kept frames carry the average phase-error rate, which a selection by failed
        // verification does not guarantee.
        var bound = estimate.KeyLength(leaked, correctnessEpsilon) - (keyBits - correction.VerifiedBits);
        report = report with { KeyLengthBound = bound };
        if (bound < 1)
        {
            return Abort(report, AbortReason.NoSecureKey);
        }

        // Hashing cannot add entropy: never ask for more bits than went in, whatever a loose bound says.
        var inputBits = (int)correction.VerifiedBits;
        var outputBits = (int)Math.Min(Math.Floor(bound), inputBits);
        var seedWords = new ulong[BitPacking.WordCount(ToeplitzHash.SeedBits(inputBits, outputBits))];
        for (var i = 0; i < seedWords.Length; i++)
        {
            seedWords[i] = publicRandom.NextUInt64();
        }

        channel.AliceSends(ClassicalMessage.PrivacyAmplificationSeed, MemoryMarshal.AsBytes(seedWords.AsSpan()));
        var aliceFinal = ToeplitzHash.Hash(BitPacking.PackToWords(aliceKey.AsSpan(0, inputBits)), inputBits, seedWords, outputBits);
        // Bob hashes his own key. Where it equals Alice's bit for bit (always, unless a verification hash collided) his
        // result is hers, and the simulator takes it instead of computing the same hash twice.
        var bobFinal = bobKey.AsSpan(0, inputBits).SequenceEqual(aliceKey.AsSpan(0, inputBits))
            ? aliceFinal
            : ToeplitzHash.Hash(BitPacking.PackToWords(bobKey.AsSpan(0, inputBits)), inputBits, seedWords, outputBits);
        var tagsOk = channel.ClosePhase();
        report = report with
        {
            PrivacyAmplifiedBits = outputBits,
            AuthenticationTags = channel.TagsExchanged,
            AuthenticationBitsConsumed = alicePool.ConsumedBits - consumedBefore,
        };
        if (!tagsOk)
        {
            return Abort(report, AbortReason.AuthenticationFailed);
        }

        // Repay the authentication key consumed, in whole bytes, before releasing anything.
        var aliceBytes = BitPacking.WordsToBytes(aliceFinal, outputBits);
        var bobBytes = BitPacking.WordsToBytes(bobFinal, outputBits);
        var repayBytes = (int)((report.AuthenticationBitsConsumed + 7) / 8);
        var usableBytes = outputBits / 8;
        if (usableBytes <= repayBytes)
        {
            alicePool.Replenish(aliceBytes.AsSpan(0, usableBytes));
            bobPool.Replenish(bobBytes.AsSpan(0, usableBytes));
            return Abort(report with { AuthenticationBitsReplenished = usableBytes * 8L }, AbortReason.KeyBelowAuthenticationCost);
        }

        alicePool.Replenish(aliceBytes.AsSpan(0, repayBytes));
        bobPool.Replenish(bobBytes.AsSpan(0, repayBytes));
        report = report with
        {
            AuthenticationBitsReplenished = repayBytes * 8L,
            FinalKeyBits = (usableBytes - repayBytes) * 8L,
        };
        return new SessionResult(report, aliceBytes[repayBytes..usableBytes], bobBytes[repayBytes..usableBytes]);
    }

    private (byte[] Alice, byte[] Bob, ErrorCorrectionReport Report, double CorrectnessEpsilon) Reconcile(
        byte[] alice,
        byte[] bob,
        double estimatedQber,
        byte[] eveKnows,
        DeterministicRandom publicRandom,
        AuthenticatedChannel channel,
        out long eveKnownBits)
    {
        var post = _link.PostProcessing;
        var reconciler = new CascadeReconciler(post.Cascade);
        var n = alice.Length;
        var frames = FrameCount(n);
        // Bob's frames are corrected in place and kept frames are moved down over discarded ones, in both arrays (the
        // session's own): a frame is only ever moved to where earlier frames were, so nothing is overwritten unread.
        var kept = 0;
        var parities = new List<byte>();
        var requests = new List<long>();
        long errorsBefore = 0;
        long disclosed = 0;
        long channelUses = 0;
        var residual = 0;
        var discarded = 0;
        var correctnessEpsilon = 0.0;
        eveKnownBits = 0;
        for (var f = 0; f < frames; f++)
        {
            // Frames of near-equal size cover the key exactly.
            var start = (int)((long)n * f / frames);
            var end = (int)((long)n * (f + 1) / frames);
            var aliceFrame = alice.AsSpan(start, end - start);
            var bobFrame = bob.AsSpan(start, end - start);
            errorsBefore += CountDifferences(aliceFrame, bobFrame);
            parities.Clear();
            requests.Clear();
            var statistics = reconciler.Reconcile(aliceFrame, bobFrame, estimatedQber, parities, requests);
            channel.AliceSends(ClassicalMessage.CascadeParities, PackBits(CollectionsMarshal.AsSpan(parities)));
            channel.BobSends(ClassicalMessage.BinaryRequests, MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(requests)));
            AfterCascade?.Invoke(f, aliceFrame, bobFrame);
            disclosed += statistics.DisclosedBits;
            channelUses += statistics.ChannelUses;
            if (CountDifferences(aliceFrame, bobFrame) > 0)
            {
                residual++;
            }

            // Verification: a fresh public hash key, Alice's tag sent, Bob compares with his own.
            var hashKey = publicRandom.NextUInt64();
            var aliceWords = BitPacking.PackToWords(aliceFrame);
            var aliceTag = PolynomialHash.Compute(hashKey, aliceWords);
            var bobTag = PolynomialHash.Compute(hashKey, BitPacking.PackToWords(bobFrame));
            channel.AliceSends(ClassicalMessage.VerificationTag, BitConverter.GetBytes(aliceTag));
            correctnessEpsilon += (aliceWords.Length + 1) / Math.Pow(2, 64);
            if (aliceTag != bobTag)
            {
                discarded++;
                continue;
            }

            if (kept != start)
            {
                aliceFrame.CopyTo(alice.AsSpan(kept));
                bobFrame.CopyTo(bob.AsSpan(kept));
            }

            kept += aliceFrame.Length;
            eveKnownBits += eveKnows.AsSpan(start, end - start).Count((byte)1);
        }

        var report = new ErrorCorrectionReport(
            post.Cascade, frames, n, errorsBefore, disclosed, channelUses, residual, discarded, kept);
        // The kept bits are the first VerifiedBits of each array: copying them out would cost two more megabyte arrays.
        return (alice, bob, report, correctnessEpsilon);
    }

    /// <summary>Frames of near-equal size, as close to the configured frame size as whole frames allow.</summary>
    private int FrameCount(int keyBits) => Math.Max(1, (int)Math.Round((double)keyBits / _link.PostProcessing.FrameBits));

    private static (byte[] Alice, byte[] Bob) TestOutcomes(DetectionEvents events)
    {
        var alice = new List<byte>();
        var bob = new List<byte>();
        for (var i = 0; i < events.Count; i++)
        {
            if (events.BobBases[i] >= EntangledPhysicalLayer.FirstTestSetting)
            {
                alice.Add(events.AliceBits[i]);
                bob.Add(events.BobBits[i]);
            }
        }

        return ([.. alice], [.. bob]);
    }

    /// <summary>
    /// Bob's bases as he announces them: one bit each, as they come packed from BB84; BBM92 settings run to 3 (the
    /// CHSH test angles), two bits each, so the test settings are authenticated too.
    /// </summary>
    private static byte[] BasesMessage(DetectionEvents events) => events.PackedBits is { } packed
        ? BitPacking.WordsToBytes(packed.BobBases, events.Count)
        : BitPacking.PackFields(events.BobBases.AsSpan(0, events.Count), 2);

    /// <summary>Alice's answer of which class each pulse was, two bits each: from the class runs where there are runs.</summary>
    private static byte[] ClassesMessage(DetectionEvents events) => events.ClassStarts is { } starts
        ? BitPacking.PackRuns(starts, 2)
        : BitPacking.PackFields(events.Classes.AsSpan(0, events.Count), 2);

    private static byte[] PackBits(ReadOnlySpan<byte> bits) => BitPacking.WordsToBytes(BitPacking.PackToWords(bits), bits.Length);

    private static int CountDifferences(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        // Bits are 0 or 1 a byte, so the xor of eight bytes has one set bit per difference.
        var count = 0;
        var i = 0;
        for (; i + 8 <= a.Length; i += 8)
        {
            count += BitOperations.PopCount(BinaryPrimitives.ReadUInt64LittleEndian(a[i..]) ^ BinaryPrimitives.ReadUInt64LittleEndian(b[i..]));
        }

        for (; i < a.Length; i++)
        {
            count += a[i] ^ b[i];
        }

        return count;
    }

    private static double ErrorRate(byte[] a, byte[] b) => a.Length == 0 ? 0 : (double)CountDifferences(a, b) / a.Length;
}
