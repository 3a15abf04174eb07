using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using QBroker.Grains.Scheduling;

namespace QBroker.Grains.Tests.Scheduling;

/// <summary>
/// Properties of the Classic formula over random trees and charges. The replay seeds fix the generated cases so a
/// run is reproducible; comparisons allow 1e-12 because the two sides of each are computed along different paths.
/// </summary>
public sealed class FairShareProperties
{
    private const string Seed = "(20261125,1201)";
    private const double Rounding = 1e-12;

    [Property(Replay = Seed, MaxTest = 300)]
    public Property Every_factor_lies_between_zero_and_one() =>
        Prop.ForAll(FairShareScenario.Arbitrary, scenario =>
            scenario.Build().Report(FairShareScenario.T0).Nodes.All(row => row.Factor is >= 0 and <= 1));

    [Property(Replay = Seed, MaxTest = 300)]
    public Property A_leafs_factor_never_rises_with_its_own_usage() =>
        Prop.ForAll(FairShareScenario.Arbitrary, Gen.Choose(1, 500).ToArbitrary(), (scenario, extra) =>
        {
            var tree = scenario.Build();
            return scenario.LeafIds.All(leaf =>
            {
                var before = tree.Factor(leaf);
                tree.AddUsage(leaf, extra, FairShareScenario.T0.AddDays(3));
                var after = tree.Factor(leaf);
                tree.AddUsage(leaf, -extra, FairShareScenario.T0.AddDays(3));
                return after <= before + Rounding;
            });
        });

    [Property(Replay = Seed, MaxTest = 300)]
    public Property First_tier_siblings_rank_by_usage_over_share() =>
        Prop.ForAll(FairShareScenario.Arbitrary, scenario =>
        {
            var rows = scenario.Build().Report(FairShareScenario.T0).Nodes
                .Where(row => row.ParentId == "n0" && row.NormalizedShare > 0)
                .ToList();
            return Pairs(rows).All(pair =>
                pair.A.NormalizedUsage / pair.A.NormalizedShare > (pair.B.NormalizedUsage / pair.B.NormalizedShare) + Rounding
                || pair.A.Factor >= pair.B.Factor - Rounding);
        });

    /// <summary>
    /// Below the first tier, Classic ranks siblings by usage over share only when the less-used one does not also
    /// have the smaller share (see the counter-example among the unit tests): U_E/S = (U/S)(1 - f) + U_E,parent/S_parent.
    /// </summary>
    [Property(Replay = Seed, MaxTest = 300)]
    public Property Deeper_siblings_rank_by_usage_over_share_when_the_less_used_has_no_fewer_shares() =>
        Prop.ForAll(FairShareScenario.Arbitrary, scenario =>
        {
            var rows = scenario.Build().Report(FairShareScenario.T0).Nodes
                .Where(row => row.ParentId is not null and not "n0" && row.NormalizedShare > 0)
                .ToList();
            return Pairs(rows).Where(pair => pair.A.ParentId == pair.B.ParentId).All(pair =>
                pair.A.RawShares < pair.B.RawShares
                || pair.A.NormalizedUsage / pair.A.NormalizedShare > (pair.B.NormalizedUsage / pair.B.NormalizedShare) + Rounding
                || pair.A.Factor >= pair.B.Factor - Rounding);
        });

    [Property(Replay = Seed, MaxTest = 300)]
    public Property Children_split_their_parents_share_and_sum_to_its_usage() =>
        Prop.ForAll(FairShareScenario.Arbitrary, scenario =>
        {
            var rows = scenario.Build().Report(FairShareScenario.T0.AddDays(40)).Nodes;
            return rows.Where(parent => rows.Any(row => row.ParentId == parent.Id)).All(parent =>
            {
                var children = rows.Where(row => row.ParentId == parent.Id).ToList();
                var shareSum = children.Sum(child => child.NormalizedShare);
                var sharesOk = children.All(child => child.RawShares == 0)
                    ? shareSum == 0
                    : Math.Abs(shareSum - parent.NormalizedShare) <= Rounding;
                var usageOk = Math.Abs(children.Sum(child => child.DecayedUsage) - parent.DecayedUsage)
                    <= Rounding * Math.Max(1, parent.DecayedUsage);
                return sharesOk && usageOk;
            });
        });

    private static IEnumerable<(FairShareNodeReport A, FairShareNodeReport B)> Pairs(IReadOnlyList<FairShareNodeReport> rows) =>
        from a in rows
        from b in rows
        where !ReferenceEquals(a, b)
        select (a, b);
}
