using QBroker.Grains.Scheduling;

namespace QBroker.Grains.Tests.Scheduling;

public sealed class FairShareTreeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    /// <summary>Program → institutions i1, i2, i3 (50/30/20) → i1 has projects p1 (1) and p2 (3) → p2 has r1, r2 (2 each).</summary>
    private static FairShareTree Program(FairShareOptions? options = null) => new(
    [
        new("program", null, 1),
        new("i1", "program", 50),
        new("i2", "program", 30),
        new("i3", "program", 20),
        new("p1", "i1", 1),
        new("p2", "i1", 3),
        new("r1", "p2", 2),
        new("r2", "p2", 2),
    ], options ?? new FairShareOptions());

    [Fact]
    public void Normalised_shares_multiply_down_the_tree()
    {
        var report = Program().Report(T0);

        Assert.Equal(1, report.Node("program").NormalizedShare);
        Assert.Equal(0.5, report.Node("i1").NormalizedShare, 12);
        Assert.Equal(0.5 * 1 / 4, report.Node("p1").NormalizedShare, 12);
        Assert.Equal(0.5 * 3 / 4 * 2 / 4, report.Node("r1").NormalizedShare, 12);
        Assert.Equal(report.Node("p2").NormalizedShare, report.Node("r1").NormalizedShare + report.Node("r2").NormalizedShare, 12);
    }

    [Fact]
    public void Report_lists_every_node_parent_first_with_its_raw_shares()
    {
        var rows = Program().Report(T0).Nodes;

        Assert.Equal(["program", "i1", "p1", "p2", "r1", "r2", "i2", "i3"], rows.Select(row => row.Id));
        Assert.Null(rows[0].ParentId);
        Assert.Equal("p2", rows.Single(row => row.Id == "r2").ParentId);
        Assert.Equal(30, rows.Single(row => row.Id == "i2").RawShares);
    }

    [Fact]
    public void With_no_usage_anywhere_every_factor_is_one()
    {
        var tree = Program();

        Assert.All(tree.Report(T0).Nodes, row => Assert.Equal(1, row.Factor));
    }

    [Fact]
    public void Usage_halves_after_one_half_life()
    {
        var tree = Program();
        tree.AddUsage("i2", 10, T0);

        var report = tree.Report(T0 + Week);

        Assert.Equal(5, report.Node("i2").DecayedUsage, 1e-9);
        Assert.Equal(5, report.Node("program").DecayedUsage, 1e-9);
        Assert.Equal(2.5, tree.Report(T0 + (2 * Week)).Node("i2").DecayedUsage, 1e-9);
    }

    [Fact]
    public void Usage_charged_later_counts_more_than_the_same_usage_charged_a_half_life_earlier()
    {
        var tree = Program();
        tree.AddUsage("i2", 10, T0);
        tree.AddUsage("i3", 10, T0 + Week);

        var report = tree.Report(T0 + Week);

        Assert.Equal(15, report.Node("program").DecayedUsage, 1e-9);
        Assert.Equal(1.0 / 3, report.Node("i2").NormalizedUsage, 1e-9);
        Assert.Equal(2.0 / 3, report.Node("i3").NormalizedUsage, 1e-9);
    }

    [Fact]
    public void Charges_arriving_out_of_order_decay_as_if_they_had_arrived_in_order()
    {
        var inOrder = Program();
        inOrder.AddUsage("r1", 8, T0);
        inOrder.AddUsage("r2", 4, T0 + Week);
        var outOfOrder = Program();
        outOfOrder.AddUsage("r2", 4, T0 + Week);
        outOfOrder.AddUsage("r1", 8, T0);

        var later = T0 + (3 * Week);
        Assert.Equal(inOrder.Report(later).Node("p2").DecayedUsage, outOfOrder.Report(later).Node("p2").DecayedUsage, 1e-9);
        Assert.Equal(inOrder.Factor("r1"), outOfOrder.Factor("r1"), 12);
    }

    [Fact]
    public void No_decay_when_the_half_life_is_zero()
    {
        var tree = Program(new FairShareOptions { HalfLife = TimeSpan.Zero });
        tree.AddUsage("i2", 10, T0);
        tree.AddUsage("i2", 5, T0 + (100 * Week));

        Assert.Equal(15, tree.Report(T0 + (1000 * Week)).Node("i2").DecayedUsage);
    }

    [Fact]
    public void Inner_usage_is_the_sum_of_its_childrens()
    {
        var tree = Program();
        tree.AddUsage("r1", 3, T0);
        tree.AddUsage("r2", 7, T0 + TimeSpan.FromDays(2));
        tree.AddUsage("p1", 5, T0 + TimeSpan.FromDays(5));
        tree.AddUsage("i3", 1, T0 + TimeSpan.FromDays(1));

        var report = tree.Report(T0 + TimeSpan.FromDays(9));
        double Usage(string id) => report.Node(id).DecayedUsage;

        Assert.Equal(Usage("r1") + Usage("r2"), Usage("p2"), 1e-9);
        Assert.Equal(Usage("p1") + Usage("p2"), Usage("i1"), 1e-9);
        Assert.Equal(Usage("i1") + Usage("i2") + Usage("i3"), Usage("program"), 1e-9);
    }

    [Fact]
    public void Factors_do_not_change_with_time_alone_because_all_usage_decays_alike()
    {
        var tree = Program();
        tree.AddUsage("r1", 3, T0);
        tree.AddUsage("i2", 7, T0 + TimeSpan.FromDays(2));
        var early = tree.Report(T0 + TimeSpan.FromDays(2));
        var late = tree.Report(T0 + (5 * Week));

        Assert.All(early.Nodes.Zip(late.Nodes), pair =>
        {
            Assert.Equal(pair.First.Factor, pair.Second.Factor, 12);
            Assert.Equal(pair.First.NormalizedUsage, pair.Second.NormalizedUsage, 12);
        });
        Assert.True(late.Node("program").DecayedUsage < early.Node("program").DecayedUsage / 16);
    }

    [Fact]
    public void Factor_matches_the_reported_factor_and_follows_new_usage()
    {
        var tree = Program();
        tree.AddUsage("i2", 30, T0);
        tree.AddUsage("i3", 20, T0);
        var before = tree.Factor("i2");
        tree.AddUsage("i2", 10, T0);

        Assert.True(tree.Factor("i2") < before);
        Assert.Equal(tree.Report(T0).Node("i2").Factor, tree.Factor("i2"));
        Assert.Equal(tree.Report(T0).Node("r1").Factor, tree.Factor("r1"));
    }

    [Fact]
    public void A_first_tier_node_whose_usage_equals_its_share_gets_exactly_one_half()
    {
        var tree = Program();
        tree.AddUsage("r1", 50, T0);
        tree.AddUsage("i2", 30, T0);
        tree.AddUsage("i3", 20, T0);

        Assert.All(["i1", "i2", "i3"], id => Assert.Equal(0.5, tree.Factor(id), 12));
    }

    [Fact]
    public void A_first_tier_node_without_usage_beside_siblings_with_usage_gets_more_than_one_half()
    {
        var tree = Program();
        tree.AddUsage("i2", 30, T0);
        tree.AddUsage("r1", 70, T0);

        Assert.True(tree.Factor("i3") > 0.5);
        Assert.True(tree.Factor("i3") > tree.Factor("i2"));
    }

    [Fact]
    public void A_deeper_node_without_usage_inherits_its_parents_factor()
    {
        // U = 0 gives U_E = U_E,parent·f and S = S_parent·f, so U_E/S is the parent's ratio.
        var tree = Program();
        tree.AddUsage("r1", 40, T0);
        tree.AddUsage("i2", 10, T0);

        Assert.Equal(tree.Factor("p2"), tree.Factor("r2"), 12);
        Assert.Equal(tree.Factor("i1"), tree.Factor("p1"), 12);
    }

    [Fact]
    public void Nodes_below_a_zero_share_node_get_factor_zero_even_without_usage()
    {
        var tree = new FairShareTree(
        [
            new("root", null, 1),
            new("funded", "root", 1),
            new("unfunded", "root", 0),
            new("member", "unfunded", 5),
        ], new FairShareOptions());
        tree.AddUsage("funded", 1, T0);

        Assert.Equal(0, tree.Report(T0).Node("member").NormalizedShare);
        Assert.Equal(0, tree.Factor("member"));
        Assert.Equal(0, tree.Factor("unfunded"));
    }

    [Fact]
    public void The_dampening_factor_divides_the_exponent()
    {
        var plain = Program();
        var damped = Program(new FairShareOptions { DampeningFactor = 2 });
        foreach (var tree in new[] { plain, damped })
        {
            tree.AddUsage("i2", 60, T0);
            tree.AddUsage("r1", 40, T0);
        }

        Assert.Equal(Math.Sqrt(plain.Factor("i2")), damped.Factor("i2"), 12);
        Assert.Equal(Math.Sqrt(plain.Factor("r2")), damped.Factor("r2"), 12);
    }

    [Fact]
    public void Negative_usage_at_the_original_time_restores_the_previous_factors()
    {
        var tree = Program();
        tree.AddUsage("r1", 12, T0);
        tree.AddUsage("i2", 9, T0 + TimeSpan.FromDays(1));
        var before = tree.Report(T0 + TimeSpan.FromDays(3));

        var chargedAt = T0 + TimeSpan.FromDays(2);
        tree.AddUsage("r2", 25, chargedAt);
        tree.AddUsage("i3", 4, T0 + TimeSpan.FromDays(3));
        tree.AddUsage("r2", -25, chargedAt);
        tree.AddUsage("i3", -4, T0 + TimeSpan.FromDays(3));

        var after = tree.Report(T0 + TimeSpan.FromDays(3));
        Assert.All(before.Nodes.Zip(after.Nodes), pair =>
        {
            Assert.Equal(pair.First.Factor, pair.Second.Factor, 12);
            Assert.Equal(pair.First.DecayedUsage, pair.Second.DecayedUsage, 9);
        });
        Assert.Equal(0, after.Node("r2").DecayedUsage);
    }

    [Fact]
    public void Undoing_every_charge_returns_to_no_usage_with_every_factor_one()
    {
        var tree = Program();
        tree.AddUsage("r1", 0.1, T0);
        tree.AddUsage("i2", 0.2, T0 + TimeSpan.FromHours(5));
        tree.AddUsage("r1", -0.1, T0);
        tree.AddUsage("i2", -0.2, T0 + TimeSpan.FromHours(5));

        Assert.All(tree.Report(T0 + Week).Nodes, row => Assert.Equal(1, row.Factor));
    }

    [Fact]
    public void Refunding_more_than_was_charged_counts_as_no_usage_and_keeps_factors_within_range()
    {
        var tree = Program();
        tree.AddUsage("i2", 10, T0);
        tree.AddUsage("i3", 10, T0);
        tree.AddUsage("i3", -15, T0);

        var report = tree.Report(T0);
        Assert.Equal(0, report.Node("i3").DecayedUsage);
        Assert.Equal(1, tree.Factor("i3"));
        Assert.All(report.Nodes, row => Assert.InRange(row.Factor, 0, 1));
    }

    /// <summary>
    /// The entry penalty: the scheduler charges each job's estimate when it admits the job and corrects it to the
    /// actual cost at settlement, so a burst of admissions lowers the submitter's factor at once rather than when
    /// the jobs complete.
    /// </summary>
    [Fact]
    public void A_burst_submitters_factor_drops_with_each_admission_before_any_job_completes()
    {
        var tree = Program();
        tree.AddUsage("i2", 30, T0);
        tree.AddUsage("i3", 20, T0);
        var otherBefore = tree.Factor("i2");
        var factors = new List<double> { tree.Factor("i3") };
        for (var job = 0; job < 5; job++)
        {
            tree.AddUsage("i3", 8, T0 + TimeSpan.FromMinutes(job));
            factors.Add(tree.Factor("i3"));
        }

        Assert.All(factors.Zip(factors.Skip(1)), pair => Assert.True(pair.Second < pair.First));
        Assert.True(tree.Factor("i2") > otherBefore, "the other institution moves up while the burst is admitted");
    }

    [Fact]
    public void A_sole_user_of_the_program_is_not_lowered_by_more_usage_because_usage_is_a_fraction_of_the_total()
    {
        // U is usage over the root's: while nobody else has any, a burst stays at U = 1 and F = 2^(-1/S) for a
        // first-tier node, however large it grows. The penalty appears as soon as someone else has usage.
        var tree = Program();
        tree.AddUsage("i3", 10, T0);
        var alone = tree.Factor("i3");
        tree.AddUsage("i3", 10, T0);

        Assert.Equal(Math.Pow(2, -1 / 0.2), alone, 12);
        Assert.Equal(alone, tree.Factor("i3"), 12);
    }

    [Fact]
    public void Settling_a_provisional_charge_leaves_what_charging_the_actual_cost_would_have()
    {
        var admittedAt = T0 + TimeSpan.FromHours(1);
        var settled = Program();
        settled.AddUsage("i2", 30, T0);
        settled.AddUsage("r1", 8, admittedAt);
        settled.AddUsage("i3", 5, admittedAt + TimeSpan.FromMinutes(10));
        settled.AddUsage("r1", 6.5 - 8, admittedAt);
        var direct = Program();
        direct.AddUsage("i2", 30, T0);
        direct.AddUsage("r1", 6.5, admittedAt);
        direct.AddUsage("i3", 5, admittedAt + TimeSpan.FromMinutes(10));

        Assert.All(settled.Report(T0 + Week).Nodes.Zip(direct.Report(T0 + Week).Nodes), pair =>
            Assert.Equal(pair.Second.Factor, pair.First.Factor, 12));
    }

    [Fact]
    public void Classic_can_rank_a_small_share_child_under_its_share_below_an_overspending_sibling()
    {
        // A documented weakness of the Classic formula (the reason Slurm added Fair Tree): a child is charged a share
        // of its parent's usage in proportion to 1 - f, whatever its own. Here a (1 share of 10) used half its share
        // and b (9 of 10) overspent, yet U_E/S is 1.45 for a and about 1.106 for b.
        var tree = new FairShareTree(
        [
            new("root", null, 1),
            new("p", "root", 1),
            new("a", "p", 1),
            new("b", "p", 9),
        ], new FairShareOptions());
        tree.AddUsage("a", 5, T0);
        tree.AddUsage("b", 95, T0);

        Assert.Equal(Math.Pow(2, -1.45), tree.Factor("a"), 12);
        Assert.True(tree.Factor("a") < tree.Factor("b"));
    }

    [Fact]
    public void Contains_tells_known_nodes_from_unknown_ones()
    {
        var tree = Program();

        Assert.True(tree.Contains("r2"));
        Assert.False(tree.Contains("r3"));
    }
}
