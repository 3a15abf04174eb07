using System.Numerics;
using QBroker.Qkd.Authentication;
using QBroker.Qkd.Bits;
using QBroker.Qkd.Estimation;
using QBroker.Qkd.Links;
using QBroker.Qkd.Physics;
using QBroker.Qkd.Randomness;
using QBroker.Qkd.Sifting;

namespace QBroker.Qkd.Tests;

/// <summary>
/// The post-processing's fast paths (word-at-a-time packing, vector masks, table-driven draws, four-word hashing)
/// against the plain definitions they replace: same inputs, same outputs, draw for draw, so seeded sessions are
/// unchanged by the speed-up.
/// </summary>
public sealed class FastPathEquivalenceTests
{
    // Lengths around the word, vector and chunk boundaries.
    public static TheoryData<int> Lengths => [0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 127, 128, 129, 1000, 4099];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Packing_bits_into_words_takes_bit_0_of_each_byte(int length)
    {
        var bytes = RandomBytes(length, seed: 1);
        var words = BitPacking.PackToWords(bytes);
        Assert.Equal(words, BitPacking.PackToWords(bytes, vectorized: false));
        Assert.Equal(words, BitPacking.PackToWords(bytes, vectorized: true));
        Assert.Equal(BitPacking.WordCount(length), words.Length);
        for (var i = 0; i < length; i++)
        {
            Assert.Equal(bytes[i] & 1, BitPacking.GetBit(words, i));
        }

        if (length % 64 != 0)
        {
            Assert.Equal(0UL, words[^1] >> (length % 64));
        }

        var unpacked = new byte[length];
        BitPacking.UnpackToBytes(words, unpacked);
        Assert.Equal(bytes.Select(b => (byte)(b & 1)), unpacked);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public void Packing_fields_matches_value_by_value_packing(int bitsPerValue)
    {
        foreach (var length in Lengths)
        {
            var values = RandomBytes(length, seed: 2).Select(b => (byte)(b & ((1 << bitsPerValue) - 1))).ToArray();
            var expected = new byte[((length * bitsPerValue) + 7) / 8];
            for (var i = 0; i < length; i++)
            {
                var bit = i * bitsPerValue;
                expected[bit / 8] |= (byte)(values[i] << (bit % 8));
            }

            Assert.Equal(expected, BitPacking.PackFields(values, bitsPerValue));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public void Packing_runs_matches_packing_each_value(int bitsPerValue)
    {
        var random = new DeterministicRandom(5);
        foreach (var length in Lengths)
        {
            // Runs of every value the field holds (up to four), some empty, cut at random points.
            var values = Math.Min(4, 1 << bitsPerValue);
            var cuts = Enumerable.Range(0, values - 1).Select(_ => random.NextInt32(length + 1)).Order().ToArray();
            int[] starts = [0, .. cuts, length];
            var expanded = new byte[length];
            for (var v = 0; v < values; v++)
            {
                expanded.AsSpan(starts[v], starts[v + 1] - starts[v]).Fill((byte)v);
            }

            Assert.Equal(BitPacking.PackFields(expanded, bitsPerValue), BitPacking.PackRuns(starts, bitsPerValue));
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Setting_a_range_sets_exactly_its_bits(int length)
    {
        var random = new DeterministicRandom(6);
        for (var trial = 0; trial < 20; trial++)
        {
            var (start, end) = (random.NextInt32(length + 1), random.NextInt32(length + 1));
            (start, end) = (Math.Min(start, end), Math.Max(start, end));
            var words = new ulong[BitPacking.WordCount(length)];
            BitPacking.SetRange(words, start, end);
            for (var i = 0; i < length; i++)
            {
                Assert.Equal(i >= start && i < end ? 1 : 0, BitPacking.GetBit(words, i));
            }
        }
    }

    [Fact]
    public void Packing_fields_names_the_first_value_that_does_not_fit_wherever_it_is()
    {
        foreach (var position in new[] { 0, 5, 8, 13, 40, 99 })
        {
            var values = new byte[100];
            values[position] = 4;
            values[99] = 7;
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => BitPacking.PackFields(values, 2));
            Assert.Contains($"Value {position} ", error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Equality_masks_set_exactly_the_equal_positions(int length)
    {
        var left = RandomBytes(length, seed: 3).Select(b => (byte)(b % 3)).ToArray();
        var right = RandomBytes(length, seed: 4).Select(b => (byte)(b % 3)).ToArray();
        var pairs = BitPacking.EqualityMask(left, right);
        var twos = BitPacking.EqualityMask(left, 2);
        for (var i = 0; i < BitPacking.WordCount(length) * 64; i++)
        {
            Assert.Equal(i < length && left[i] == right[i] ? 1 : 0, BitPacking.GetBit(pairs, i));
            Assert.Equal(i < length && left[i] == 2 ? 1 : 0, BitPacking.GetBit(twos, i));
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Masked_parity_is_the_parity_of_the_selected_bits(int length)
    {
        var words = BitPacking.PackToWords(RandomBytes(length, seed: 5));
        var mask = BitPacking.PackToWords(RandomBytes(length, seed: 6));
        var expected = 0;
        for (var i = 0; i < length; i++)
        {
            expected ^= BitPacking.GetBit(words, i) & BitPacking.GetBit(mask, i);
        }

        Assert.Equal(expected, BitPacking.MaskedParity(words, mask));
    }

    [Fact]
    public void Extracting_up_to_64_bits_takes_them_in_order_from_any_offset()
    {
        var bytes = RandomBytes(300, seed: 22).Select(b => (byte)(b & 1)).ToArray();
        var words = BitPacking.PackToWords(bytes);
        for (var start = 0; start < 300; start++)
        {
            for (var count = 1; count <= Math.Min(64, 300 - start); count++)
            {
                ulong expected = 0;
                for (var i = 0; i < count; i++)
                {
                    expected |= (ulong)bytes[start + i] << i;
                }

                Assert.Equal(expected, BitPacking.Extract(words, start, count));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Range_parity_of_packed_words_is_the_xor_of_the_bits_in_the_range(int length)
    {
        var bytes = RandomBytes(length, seed: 21).Select(b => (byte)(b & 1)).ToArray();
        var words = BitPacking.PackToWords(bytes);
        // Every range of the short frames; ranges around word boundaries and a few long ones of the others.
        IEnumerable<int> starts = length <= 200 ? Enumerable.Range(0, length + 1) : [0, 1, 63, 64, 65, 127, 128, length / 2, length - 65, length - 1, length];
        foreach (var start in starts)
        {
            var expected = 0;
            for (var end = start; end <= length; end++)
            {
                Assert.Equal(expected, BitPacking.RangeParity(words, start, end - start));
                if (end < length)
                {
                    expected ^= bytes[end];
                }
            }
        }
    }

    [Fact]
    public void Uniform_thresholds_decide_exactly_as_comparing_the_double()
    {
        var random = new DeterministicRandom(12);
        double[] probabilities = [0, 1e-300, 0.033, 0.5, 1 - 1e-16, 1, 2, double.NaN, -1];
        for (var i = 0; i < 100_000; i++)
        {
            var draw = random.NextUInt64();
            var asDouble = (draw >> 11) * (1.0 / (1UL << 53));
            foreach (var p in probabilities)
            {
                Assert.Equal(asDouble < p, (draw >> 11) < DeterministicRandom.UniformThreshold(p));
            }
        }

        // The boundary draws themselves: the largest below the threshold and the threshold.
        var threshold = DeterministicRandom.UniformThreshold(0.033);
        Assert.True(((threshold - 1) * (1.0 / (1UL << 53))) < 0.033);
        Assert.False((threshold * (1.0 / (1UL << 53))) < 0.033);
    }

    [Fact]
    public void The_inverse_cdf_table_returns_the_first_cumulative_entry_above_the_draw()
    {
        var random = new DeterministicRandom(13);
        double[][] tables =
        [
            [1],
            [0.5, 1],
            [1e-9, 1e-9, 0.2, 0.2000001, 0.9, 1],
            [0, 0, 1],
            [.. Enumerable.Range(1, 40).Select(k => Math.Min(1, k / 39.5))],
        ];
        foreach (var (cumulative, bits) in tables.SelectMany(t => new[] { (t, 53), (t, 32) }))
        {
            var table = new InverseCdfTable(cumulative, bits);
            for (var i = 0; i < 50_000; i++)
            {
                var draw = random.NextUInt64();
                // A few draws sit right at a slice boundary of the guide table.
                if (i % 100 == 0)
                {
                    draw = (ulong)random.NextInt64(1 << 10) << 54;
                }

                // The draw's top bits scaled to [0, 1), as a double (exact for up to 53 bits).
                var u = (draw >> (64 - bits)) * Math.Pow(2, -bits);
                var expected = cumulative.Length - 1;
                for (var k = 0; k < cumulative.Length - 1; k++)
                {
                    if (u < cumulative[k])
                    {
                        expected = k;
                        break;
                    }
                }

                Assert.Equal(expected, table.Index(draw));
            }
        }
    }

    [Fact]
    public void Bounded_integers_are_those_of_always_computing_the_rejection_threshold()
    {
        var fast = new DeterministicRandom(14);
        var reference = new DeterministicRandom(14);
        long[] bounds = [1, 2, 3, 7, 1000, 1_000_003, (1L << 62) + 12345, long.MaxValue];
        for (var i = 0; i < 20_000; i++)
        {
            var bound = bounds[i % bounds.Length];
            var range = (ulong)bound;
            var threshold = (0 - range) % range;
            long expected;
            while (true)
            {
                var product = Math.BigMul(reference.NextUInt64(), range, out var low);
                if (low >= threshold)
                {
                    expected = (long)product;
                    break;
                }
            }

            Assert.Equal(expected, fast.NextInt64(bound));
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Hashing_eight_words_a_step_equals_hashing_word_by_word(int length)
    {
        var bytes = RandomBytes(length, seed: 15);
        var words = BitPacking.PackToWords(RandomBytes(length * 8, seed: 16));
        const ulong Key = 0x9E3779B97F4A7C15UL;
        var wordByWord = new PolynomialHash(Key);
        foreach (var word in words)
        {
            wordByWord.Absorb(word);
        }

        Assert.Equal(wordByWord.Value, PolynomialHash.Compute(Key, words));

        var bytewise = new PolynomialHash(Key);
        for (var i = 0; i < length; i += 8)
        {
            var chunk = new byte[8];
            bytes.AsSpan(i, Math.Min(8, length - i)).CopyTo(chunk);
            bytewise.Absorb(BitConverter.ToUInt64(chunk));
        }

        bytewise.Absorb((ulong)length);
        var fast = new PolynomialHash(Key);
        fast.AbsorbBytes(bytes);
        Assert.Equal(bytewise.Value, fast.Value);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(64)]
    [InlineData(1000)]
    [InlineData(4096)]
    [InlineData(5000)]
    public void The_qber_sample_is_the_subset_drawn_without_replacement(int N)
    {
        var alice = RandomBytes(N, seed: 17).Select(b => (byte)(b & 1)).ToArray();
        var bob = RandomBytes(N, seed: 18).Select(b => (byte)(b & 1)).ToArray();
        var eve = RandomBytes(N, seed: 19).Select(b => (byte)(b & 1)).ToArray();
        var sample = QberSampler.Sample(alice, bob, eve, 0.1, new DeterministicRandom(20));

        // The plain definition: uniform indices, repeats drawn again, until the sample is full.
        var random = new DeterministicRandom(20);
        var inSample = new bool[N];
        var sampleSize = (int)Math.Round(0.1 * N);
        for (var chosen = 0; chosen < sampleSize;)
        {
            var j = random.NextInt32(N);
            if (!inSample[j])
            {
                inSample[j] = true;
                chosen++;
            }
        }

        var kept = Enumerable.Range(0, N).Where(i => !inSample[i]).ToArray();
        Assert.Equal(sampleSize, sample.SampleSize);
        Assert.Equal(Enumerable.Range(0, N).Count(i => inSample[i] && alice[i] != bob[i]), sample.SampleErrors);
        Assert.Equal(kept.Select(i => alice[i]), sample.AliceKey);
        Assert.Equal(kept.Select(i => bob[i]), sample.BobKey);
        Assert.Equal(kept.Select(i => eve[i]), sample.EveKnowsBit);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(13)]
    public void A_sample_subset_has_its_size_and_includes_every_index_equally_often(int k)
    {
        // n = 20, k = 7 chooses the sample, k = 13 its complement. Each index is in a uniform k-subset with
        // probability k / n: over T subsets a Binomial(T, k / n) count; allow 5 standard deviations.
        const int N = 20;
        const int Trials = 20_000;
        var counts = new int[N];
        var random = new DeterministicRandom(31);
        for (var t = 0; t < Trials; t++)
        {
            var subset = QberSampler.UniformSubset(N, k, random);
            Assert.Equal(k, BitOperations.PopCount(subset[0]));
            for (var i = 0; i < N; i++)
            {
                counts[i] += BitPacking.GetBit(subset, i);
            }
        }

        var p = (double)k / N;
        var tolerance = 5 * Math.Sqrt(Trials * p * (1 - p));
        Assert.All(counts, count => Assert.InRange(count, (Trials * p) - tolerance, (Trials * p) + tolerance));
    }

    [Fact]
    public void Sifting_by_masks_keeps_the_matching_clicks_of_each_class_in_order()
    {
        var link = new LinkConfiguration { LengthKm = 5, DarkCountProbability = 1e-3, Eavesdropper = new EavesdropperSettings(EavesdropperKind.InterceptResend, 0.3) };
        var events = PhysicalLayer.Simulate(link, 3_000_000, new DeterministicRandom(21));
        var sifted = Sifter.Sift(events);
        for (var c = 0; c < Sifter.ClassCount; c++)
        {
            var kept = Enumerable.Range(0, events.Count)
                .Where(i => events.Classes[i] == c && events.AliceBases[i] == events.BobBases[i])
                .ToArray();
            Assert.True(kept.Length > 0);
            Assert.Equal(Enumerable.Range(0, events.Count).LongCount(i => events.Classes[i] == c), sifted.ClicksPerClass[c]);
            Assert.Equal(kept.Select(i => events.AliceBits[i]), sifted.AliceBitsPerClass[c]);
            Assert.Equal(kept.Select(i => events.BobBits[i]), sifted.BobBitsPerClass[c]);
            if (c == 0)
            {
                Assert.Equal(kept.Select(i => events.EveKnowsBit[i]), sifted.SignalEveKnowsBit);
                Assert.Equal(kept.Select(i => events.PhotonNumbers[i]), sifted.SignalPhotonNumbers);
            }
        }

        for (var i = 0; i < events.Count; i++)
        {
            Assert.Equal(events.AliceBases[i] == events.BobBases[i] ? 1 : 0, BitPacking.GetBit(sifted.BasisMatches, i));
        }
    }

    [Fact]
    public void The_portable_bit_extract_takes_the_masked_bits_in_order()
    {
        var random = new DeterministicRandom(25);
        for (var trial = 0; trial < 2000; trial++)
        {
            var (value, mask) = (random.NextUInt64(), random.NextUInt64() & random.NextUInt64());
            ulong expected = 0;
            for (int i = 0, k = 0; i < 64; i++)
            {
                if (((mask >> i) & 1) != 0)
                {
                    expected |= ((value >> i) & 1) << k++;
                }
            }

            Assert.Equal(expected, MaskedGather.ExtractPortable(value, mask));
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Gathering_under_a_mask_keeps_the_selected_bytes_in_order(int length)
    {
        var source = RandomBytes(length, seed: 22);
        var random = new DeterministicRandom(23);
        // Sparse, half and dense masks: chunks with none, some and all of their eight entries selected.
        foreach (var density in new[] { 0.02, 0.5, 0.98 })
        {
            var selected = Enumerable.Range(0, length).Select(_ => random.NextDouble() < density).ToArray();
            var mask = new ulong[BitPacking.WordCount(length)];
            for (var i = 0; i < length; i++)
            {
                mask[i >> 6] |= selected[i] ? 1UL << (i & 63) : 0;
            }

            var expected = Enumerable.Range(0, length).Where(i => selected[i]).Select(i => source[i]).ToArray();
            var fast = new byte[expected.Length];
            MaskedGather.Bytes(source, mask, fast);
            var plain = new byte[expected.Length];
            MaskedGather.OneAtATime(source, mask, plain);
            Assert.Equal(expected, fast);
            Assert.Equal(expected, plain);

            // The same selection from packed bits: each source byte's low bit, gathered as bytes and as packed bits.
            var packed = BitPacking.PackToWords(source.Select(b => (byte)(b & 1)).ToArray());
            var expectedBits = expected.Select(b => (byte)(b & 1)).ToArray();
            var packedBits = new ulong[BitPacking.WordCount(expected.Length)];
            MaskedGather.BitsToBits(packed, mask, packedBits);
            Assert.Equal(BitPacking.PackToWords(expectedBits), packedBits);
            var fastBits = new byte[expected.Length];
            MaskedGather.BitsToBytes(packed, mask, fastBits);
            var plainBits = new byte[expected.Length];
            MaskedGather.BitsOneAtATime(packed, mask, plainBits);
            Assert.Equal(expectedBits, fastBits);
            Assert.Equal(expectedBits, plainBits);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData(EavesdropperKind.InterceptResend)]
    [InlineData(EavesdropperKind.PhotonNumberSplitting)]
    public void The_click_loop_draws_as_the_plain_per_click_definition(EavesdropperKind? eavesdropper)
    {
        // A short link with many background clicks, so every origin of a click occurs.
        var link = new LinkConfiguration
        {
            LengthKm = 5,
            DarkCountProbability = 1e-3,
            Eavesdropper = eavesdropper is { } kind ? new EavesdropperSettings(kind, 0.3) : null,
        };
        const long Pulses = 2_000_000;
        var simulatedRandom = new DeterministicRandom(24);
        var events = PhysicalLayer.Simulate(link, Pulses, simulatedRandom);

        var random = new DeterministicRandom(24);
        var source = link.Source;
        var pulsesPerClass = RandomVariates.Multinomial(random, Pulses, [source.SignalProbability, source.DecoyProbability, source.VacuumProbability]);
        double[] intensities = [source.SignalIntensity, source.DecoyIntensity, source.VacuumIntensity];
        var models = intensities.Select(mu => ClickModel.Build(link, mu)).ToArray();
        var clicksPerClass = Enumerable.Range(0, 3).Select(c => RandomVariates.Binomial(random, pulsesPerClass[c], models[c].ClickProbability)).ToArray();
        Assert.Equal(clicksPerClass.Sum(), events.Count);
        // First the coins of every click, 64 clicks a word: Alice's bit, her basis, Bob's basis, and the fair coin
        // that is Bob's bit where nothing else decides it.
        var clicks = (int)clicksPerClass.Sum();
        var coins = new ulong[4, (clicks + 63) / 64];
        for (var w = 0; w < coins.GetLength(1); w++)
        {
            for (var field = 0; field < 4; field++)
            {
                coins[field, w] = random.NextUInt64();
            }
        }

        int Coin(int field, int click) => (int)(coins[field, click / 64] >> (click % 64)) & 1;

        // Then the categories: a class's clicks in pairs, each pair from one draw, the first click from its top 32 bits
        // and the second from its low 32; an odd last click takes the top half of a draw of its own. After a class's
        // categories, each of its intercept-resend clicks in order draws Eve's basis and guess (bits 0 and 1) and her
        // pulse's photon number.
        var categoryOf = new int[clicks];
        var drawsOf = new List<int>[clicks];
        var clickModel = new ClickModel[clicks];
        var classOf = new int[clicks];
        // The category table of a model applied to 32 uniform bits.
        static int IndexOf(ClickModel model, ulong bits) => model.CategoryTable.Index(bits << 32);
        var origins = new HashSet<ClickOrigin>();
        var (carrying, flips) = (0, 0);
        var first = 0;
        for (var c = 0; c < 3; c++)
        {
            var end = first + (int)clicksPerClass[c];
            for (var i = first; i < end; i++)
            {
                clickModel[i] = models[c];
                classOf[i] = c;
            }

            for (var i = first; i < end; i += 2)
            {
                var draw = random.NextUInt64();
                categoryOf[i] = IndexOf(models[c], draw >> 32);
                if (i + 1 < end)
                {
                    categoryOf[i + 1] = IndexOf(models[c], draw & uint.MaxValue);
                }
            }

            foreach (var click in Enumerable.Range(first, end - first).Where(k => models[c].Origins[categoryOf[k]] >= ClickOrigin.InterceptResendSignal))
            {
                drawsOf[click] = [(int)(random.NextUInt64() & 3), models[c].PhotonNumberTable.Index(random.NextUInt64())];
            }

            first = end;
        }

        for (var i = 0; i < clicks; i++)
        {
            {
                var model = clickModel[i];
                var category = categoryOf[i];
                var (aliceBit, aliceBasis, bobBasis, randomBit) = (Coin(0, i), Coin(1, i), Coin(2, i), Coin(3, i));
                var origin = model.Origins[category];
                origins.Add(origin);
                var traits = model.Traits[category];
                var flip = (traits & ClickModel.Flipped) != 0 ? 1 : 0;
                if (origin is ClickOrigin.Signal or ClickOrigin.InterceptResendSignal)
                {
                    carrying++;
                    flips += flip;
                }

                int bobBit;
                int photonNumber = traits & ClickModel.PhotonNumberMask;
                int eveKnows = (traits & ClickModel.EveKnows) != 0 ? 1 : 0;
                if (origin == ClickOrigin.Signal)
                {
                    bobBit = bobBasis == aliceBasis ? aliceBit ^ flip : randomBit;
                }
                else if (origin == ClickOrigin.DarkOnly)
                {
                    bobBit = randomBit;
                }
                else
                {
                    var (eveBasis, eveGuess) = (drawsOf[i][0] & 1, drawsOf[i][0] >> 1);
                    photonNumber = drawsOf[i][1];
                    eveKnows = photonNumber >= 1 && eveBasis == aliceBasis ? 1 : 0;
                    var eveBit = eveKnows == 1 ? aliceBit : eveGuess;
                    bobBit = origin == ClickOrigin.InterceptResendDark || bobBasis != eveBasis ? randomBit : eveBit ^ flip;
                }

                Assert.Equal(
                    (classOf[i], aliceBit, aliceBasis, bobBit, bobBasis, photonNumber, eveKnows),
                    ((int)events.Classes[i], (int)events.AliceBits[i], (int)events.AliceBases[i], (int)events.BobBits[i], (int)events.BobBases[i], (int)events.PhotonNumbers[i], (int)events.EveKnowsBit[i]));
            }
        }

        Assert.Contains(ClickOrigin.Signal, origins);
        Assert.Contains(ClickOrigin.DarkOnly, origins);
        // Clicks that carry a bit are flipped with the misalignment probability: Binomial, within 5 standard deviations.
        var e = link.Misalignment;
        Assert.InRange(flips, (carrying * e) - (5 * Math.Sqrt(carrying * e * (1 - e))), (carrying * e) + (5 * Math.Sqrt(carrying * e * (1 - e))));
        Assert.Equal(random.NextUInt64(), simulatedRandom.NextUInt64());
    }

    private static byte[] RandomBytes(int length, ulong seed)
    {
        var bytes = new byte[length];
        new DeterministicRandom(seed).NextBytes(bytes);
        return bytes;
    }
}
