using QBroker.Qkd.Randomness;

namespace QBroker.Qkd.Tests;

public sealed class RandomVariatesTests
{
    [Theory]
    [InlineData(30, 0.3)]
    [InlineData(1_000_000, 0.002)]
    [InlineData(100_000_000, 0.6)]
    public void Binomial_has_the_right_mean_and_variance(long n, double p)
    {
        var random = new DeterministicRandom(99);
        const int Draws = 4000;
        var values = Enumerable.Range(0, Draws).Select(_ => (double)RandomVariates.Binomial(random, n, p)).ToArray();
        var mean = values.Average();
        var variance = values.Select(v => (v - mean) * (v - mean)).Sum() / (Draws - 1);
        var expectedVariance = n * p * (1 - p);
        // The sample mean has standard error sqrt(var / Draws); allow 5 of them. The sample variance of a nearly
        // normal variable has relative standard error sqrt(2 / Draws) = 2.2 %; allow 5 of those (11 %).
        Assert.InRange(mean, (n * p) - (5 * Math.Sqrt(expectedVariance / Draws)), (n * p) + (5 * Math.Sqrt(expectedVariance / Draws)));
        Assert.InRange(variance / expectedVariance, 1 - (5 * Math.Sqrt(2.0 / Draws)), 1 + (5 * Math.Sqrt(2.0 / Draws)));
    }

    [Fact]
    public void Multinomial_counts_sum_to_the_trials()
    {
        var random = new DeterministicRandom(3);
        var counts = RandomVariates.Multinomial(random, 1_000_000_000, [0.8, 0.15, 0.05]);
        Assert.Equal(1_000_000_000, counts.Sum());
        // Each count's standard deviation is below sqrt(n p) < 3e4; allow 5 of them.
        Assert.InRange(counts[1], 150_000_000 - 150_000, 150_000_000 + 150_000);
    }

    [Fact]
    public void Same_seed_gives_same_stream_and_forks_differ()
    {
        var a = new DeterministicRandom(42);
        var b = new DeterministicRandom(42);
        Assert.Equal(a.NextUInt64(), b.NextUInt64());
        Assert.NotEqual(a.Fork(1).NextUInt64(), a.Fork(2).NextUInt64());
    }

    [Fact]
    public void Bounded_integers_are_uniform()
    {
        var random = new DeterministicRandom(8);
        var counts = new int[7];
        const int Draws = 70_000;
        for (var i = 0; i < Draws; i++)
        {
            counts[random.NextInt32(7)]++;
        }

        // Each count is Binomial(70000, 1/7): mean 10000, sd 92.6; allow 5 sd.
        Assert.All(counts, c => Assert.InRange(c, 10_000 - 463, 10_000 + 463));
    }
}
