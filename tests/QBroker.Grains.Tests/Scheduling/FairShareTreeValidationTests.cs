using QBroker.Grains.Scheduling;

namespace QBroker.Grains.Tests.Scheduling;

public sealed class FairShareTreeValidationTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    private static ArgumentException Rejects(params FairShareNode[] nodes) =>
        Assert.Throws<ArgumentException>(() => new FairShareTree(nodes, new FairShareOptions()));

    [Fact]
    public void Two_roots_are_rejected()
    {
        var error = Rejects(new("a", null, 1), new("b", null, 1));

        Assert.Contains("two roots", error.Message);
    }

    [Fact]
    public void No_root_is_rejected()
    {
        Assert.Contains("no root", Rejects().Message);
    }

    [Fact]
    public void An_unknown_parent_is_rejected()
    {
        var error = Rejects(new("root", null, 1), new("a", "nowhere", 1));

        Assert.Contains("'nowhere'", error.Message);
    }

    [Fact]
    public void A_cycle_is_rejected()
    {
        var error = Rejects(new("root", null, 1), new("a", "root", 1), new("x", "y", 1), new("y", "x", 1));

        Assert.Contains("cycle", error.Message);
        Assert.Contains("'x'", error.Message);
        Assert.DoesNotContain("'a'", error.Message);
    }

    [Fact]
    public void A_node_that_is_its_own_parent_is_rejected()
    {
        Assert.Contains("cycle", Rejects(new("root", null, 1), new("a", "a", 1)).Message);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Negative_or_non_finite_shares_are_rejected(double shares)
    {
        Assert.Contains("shares", Rejects(new("root", null, 1), new("a", "root", shares)).Message);
    }

    [Fact]
    public void A_duplicate_id_is_rejected()
    {
        Assert.Contains("twice", Rejects(new("root", null, 1), new("a", "root", 1), new("a", "root", 2)).Message);
    }

    [Fact]
    public void A_negative_half_life_or_a_dampening_factor_that_is_not_positive_is_rejected()
    {
        FairShareNode[] nodes = [new("root", null, 1)];

        Assert.Throws<ArgumentException>(() => new FairShareTree(nodes, new FairShareOptions { HalfLife = TimeSpan.FromDays(-1) }));
        Assert.Throws<ArgumentException>(() => new FairShareTree(nodes, new FairShareOptions { DampeningFactor = 0 }));
        Assert.Throws<ArgumentException>(() => new FairShareTree(nodes, new FairShareOptions { DampeningFactor = double.NaN }));
    }

    [Fact]
    public void Usage_goes_to_leaves_only_and_must_be_finite()
    {
        var tree = new FairShareTree([new("root", null, 1), new("a", "root", 1)], new FairShareOptions());

        Assert.Throws<ArgumentException>(() => tree.AddUsage("root", 1, T0));
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.AddUsage("a", double.NaN, T0));
        Assert.Throws<KeyNotFoundException>(() => tree.AddUsage("b", 1, T0));
        Assert.Throws<KeyNotFoundException>(() => tree.Factor("b"));
    }
}
