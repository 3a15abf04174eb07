using QBroker.Grains.Scheduling;

namespace QBroker.Grains.Tests.Scheduling;

/// <summary>
/// The worked example of Slurm's Classic fair-share documentation (https://slurm.schedmd.com/classic_fair_share.html):
/// accounts A (40 shares: B 30 with user u1, C 10 with users u2 and u3 at 1 share each) and D (60 shares: E 25 with
/// u4, F 35 with u5); normalised usage u1 .2, u2 .25, u4 .25. The published factors are u1 .408479, u2 .022097,
/// u3 .125, u4 .5 and u5 .749154.
/// </summary>
public sealed class FairShareWorkedExampleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// The example's usages sum to .7 of the machine; the other .3 was used by accounts it does not show. They are
    /// one zero-share first-tier account here, which changes nobody's normalised share (40/(40+60+0) = .4) and
    /// makes the root's usage 1, so credits 20, 25, 25 normalise to .2, .25, .25.
    /// </summary>
    private static FairShareTree ExampleTree()
    {
        var tree = new FairShareTree(
        [
            new("root", null, 1),
            new("A", "root", 40),
            new("B", "A", 30),
            new("u1", "B", 1),
            new("C", "A", 10),
            new("u2", "C", 1),
            new("u3", "C", 1),
            new("D", "root", 60),
            new("E", "D", 25),
            new("u4", "E", 1),
            new("F", "D", 35),
            new("u5", "F", 1),
            new("elsewhere", "root", 0),
        ], new FairShareOptions());
        tree.AddUsage("u1", 20, T0);
        tree.AddUsage("u2", 25, T0);
        tree.AddUsage("u4", 25, T0);
        tree.AddUsage("elsewhere", 30, T0);
        return tree;
    }

    [Theory]
    [InlineData("u1", 0.408479)]
    [InlineData("u2", 0.022097)]
    [InlineData("u3", 0.125)]
    [InlineData("u4", 0.5)]
    [InlineData("u5", 0.749154)]
    public void Reproduces_the_published_factors(string user, double published)
    {
        Assert.Equal(published, ExampleTree().Factor(user), 6);
    }

    [Theory]
    [InlineData("A", 0.4, 0.45, 0.45)]
    [InlineData("B", 0.3, 0.2, 0.3875)]
    [InlineData("C", 0.1, 0.25, 0.3)]
    [InlineData("u2", 0.05, 0.25, 0.275)]
    [InlineData("u3", 0.05, 0, 0.15)]
    [InlineData("F", 0.35, 0, 0.25 * 35 / 60)]
    public void Reports_the_intermediate_values_of_the_published_derivation(
        string id, double normalizedShare, double normalizedUsage, double effectiveUsage)
    {
        var row = ExampleTree().Report(T0).Node(id);

        Assert.Equal(normalizedShare, row.NormalizedShare, 12);
        Assert.Equal(normalizedUsage, row.NormalizedUsage, 12);
        Assert.Equal(effectiveUsage, row.EffectiveUsage, 12);
    }

    [Fact]
    public void A_zero_share_account_gets_factor_zero()
    {
        Assert.Equal(0, ExampleTree().Factor("elsewhere"));
    }
}
