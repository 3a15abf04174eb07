using QBroker.Cli.Output;

namespace QBroker.Cli.Tests;

public sealed class RankedCountsTests
{
    private static readonly Dictionary<string, long> Counts = new()
    {
        ["011"] = 10,
        ["000"] = 40,
        ["111"] = 40,
        ["101"] = 5,
        ["110"] = 5,
    };

    [Fact]
    public void Most_frequent_first_and_ties_by_bitstring()
    {
        var ranked = RankedCounts.Rank(Counts, top: 0);
        Assert.Equal(["000", "111", "011", "101", "110"], ranked.Shown.Select(o => o.Bitstring));
        Assert.Equal(0, ranked.HiddenOutcomes);
        Assert.Equal(100, ranked.Total);
    }

    [Fact]
    public void Probabilities_are_shares_of_all_counts()
    {
        var ranked = RankedCounts.Rank(Counts, top: 0);
        Assert.Equal([0.4, 0.4, 0.1, 0.05, 0.05], ranked.Shown.Select(o => o.Probability));
    }

    [Fact]
    public void Top_keeps_the_first_n_and_sums_the_rest()
    {
        var ranked = RankedCounts.Rank(Counts, top: 2);
        Assert.Equal(["000", "111"], ranked.Shown.Select(o => o.Bitstring));
        Assert.Equal(3, ranked.HiddenOutcomes);
        Assert.Equal(20, ranked.HiddenCount);
    }

    [Fact]
    public void Top_larger_than_the_outcomes_keeps_all()
    {
        var ranked = RankedCounts.Rank(Counts, top: 50);
        Assert.Equal(5, ranked.Shown.Count);
        Assert.Equal(0, ranked.HiddenCount);
    }

    [Fact]
    public void No_counts_rank_to_nothing()
    {
        var ranked = RankedCounts.Rank(new Dictionary<string, long>(), top: 3);
        Assert.Empty(ranked.Shown);
        Assert.Equal(0, ranked.Total);
    }
}
