using QBroker.Grains.Scheduling;

namespace QBroker.Grains.Tests.Scheduling;

public sealed class JobPriorityTests
{
    private static readonly JobPriorityOptions Defaults = new();

    /// <summary>Options that weigh only one factor, so a test sees that factor alone.</summary>
    private static JobPriorityOptions Only(double fairShare = 0, double age = 0, double job = 0) =>
        new() { FairShareWeight = fairShare, AgeWeight = age, JobPriorityWeight = job };

    [Fact]
    public void Priority_is_the_weighted_sum_of_the_three_factors()
    {
        var priority = JobPriority.Compute(0.25, TimeSpan.FromDays(3.5), 5, Defaults);

        // Fair share .25, age 3.5 of 7 days = .5, job priority 5 in [-10, 10] = .75.
        Assert.Equal((10_000 * 0.25) + (1_000 * 0.5) + (1_000 * 0.75), priority, 9);
    }

    [Fact]
    public void Each_weight_scales_only_its_own_factor()
    {
        Assert.Equal(3 * 0.6, JobPriority.Compute(0.6, TimeSpan.FromDays(1), 10, Only(fairShare: 3)), 12);
        Assert.Equal(3.0 / 7, JobPriority.Compute(0.6, TimeSpan.FromDays(1), 10, Only(age: 3)), 12);
        Assert.Equal(3, JobPriority.Compute(0.6, TimeSpan.FromDays(1), 10, Only(job: 3)), 12);
    }

    [Fact]
    public void Age_grows_linearly_and_saturates_at_the_maximum_age()
    {
        var options = Only(age: 1_000);

        Assert.Equal(0, JobPriority.Compute(0, TimeSpan.Zero, 0, options));
        Assert.Equal(250, JobPriority.Compute(0, TimeSpan.FromDays(1.75), 0, options), 9);
        Assert.Equal(1_000, JobPriority.Compute(0, TimeSpan.FromDays(7), 0, options), 9);
        Assert.Equal(1_000, JobPriority.Compute(0, TimeSpan.FromDays(70), 0, options), 9);
    }

    [Fact]
    public void A_negative_age_counts_as_none()
    {
        Assert.Equal(0, JobPriority.Compute(0, TimeSpan.FromMinutes(-5), 0, Only(age: 1_000)));
    }

    [Fact]
    public void Job_priority_maps_its_range_linearly_onto_zero_to_one_and_clamps_outside_it()
    {
        var options = Only(job: 1_000);

        Assert.Equal(0, JobPriority.Compute(0, TimeSpan.Zero, -10, options));
        Assert.Equal(500, JobPriority.Compute(0, TimeSpan.Zero, 0, options), 9);
        Assert.Equal(1_000, JobPriority.Compute(0, TimeSpan.Zero, 10, options), 9);
        Assert.Equal(1_000, JobPriority.Compute(0, TimeSpan.Zero, int.MaxValue, options), 9);
        Assert.Equal(0, JobPriority.Compute(0, TimeSpan.Zero, int.MinValue, options));
    }

    [Fact]
    public void With_the_defaults_a_fair_share_lead_above_one_fifth_outweighs_any_age_and_own_priority()
    {
        // Age and own priority together weigh 2,000, a fifth of the fair-share weight.
        var oldAndUrgent = JobPriority.Compute(0.5, TimeSpan.FromDays(30), 10, Defaults);

        Assert.True(JobPriority.Compute(0.71, TimeSpan.Zero, -10, Defaults) > oldAndUrgent);
        Assert.True(JobPriority.Compute(0.69, TimeSpan.Zero, -10, Defaults) < oldAndUrgent);
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void A_fair_share_factor_outside_zero_to_one_is_rejected(double factor)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => JobPriority.Compute(factor, TimeSpan.Zero, 0, Defaults));
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => JobPriority.Compute(0.5, TimeSpan.Zero, 0, Defaults with { MaxAge = TimeSpan.Zero }));
        Assert.Throws<ArgumentException>(() => JobPriority.Compute(0.5, TimeSpan.Zero, 0, Defaults with { MinJobPriority = 3, MaxJobPriority = 3 }));
        Assert.Throws<ArgumentException>(() => JobPriority.Compute(0.5, TimeSpan.Zero, 0, Defaults with { AgeWeight = -1 }));
        Assert.Throws<ArgumentException>(() => JobPriority.Compute(0.5, TimeSpan.Zero, 0, Defaults with { FairShareWeight = double.PositiveInfinity }));
    }
}
