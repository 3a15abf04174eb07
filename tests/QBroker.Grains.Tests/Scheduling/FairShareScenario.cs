using FsCheck;
using FsCheck.Fluent;
using QBroker.Grains.Scheduling;

namespace QBroker.Grains.Tests.Scheduling;

/// <summary>
/// A random fair-share tree with random charges, for property-based tests. Node 0 is the root; node i hangs below
/// a random earlier node, so every generated tree is valid. Shares are drawn from a small range so that siblings
/// with equal shares are common, and are sometimes 0.
/// </summary>
public sealed record FairShareScenario(FairShareNode[] Nodes, FairShareScenario.Charge[] Charges)
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    public sealed record Charge(string LeafId, double Credits, DateTimeOffset At);

    public static Arbitrary<FairShareScenario> Arbitrary { get; } = Generator().ToArbitrary();

    public string[] LeafIds => Nodes.Where(node => Nodes.All(other => other.ParentId != node.Id)).Select(node => node.Id).ToArray();

    public FairShareTree Build()
    {
        var tree = new FairShareTree(Nodes, new FairShareOptions());
        foreach (var charge in Charges)
        {
            tree.AddUsage(charge.LeafId, charge.Credits, charge.At);
        }

        return tree;
    }

    public override string ToString() =>
        $"nodes [{string.Join(", ", Nodes.Select(node => $"{node.Id}<{node.ParentId ?? "-"}:{node.Shares}"))}] "
        + $"charges [{string.Join(", ", Charges.Select(charge => $"{charge.LeafId}+{charge.Credits}@{(charge.At - T0).TotalHours}h"))}]";

    private static Gen<FairShareScenario> Generator() =>
        from count in Gen.Choose(2, 24)
        from parents in Gen.CollectToArray(Enumerable.Range(1, count - 1), i => Gen.Choose(0, i - 1))
        from shares in Gen.ArrayOf(Gen.Frequency((1, Gen.Constant(0)), (8, Gen.Choose(1, 4))), count)
        from charges in Gen.ArrayOf(ChargeGenerator())
        select Assemble(parents, shares, charges);

    /// <summary>Which leaf (taken modulo the leaf count), how many credits, and how many hours after T0.</summary>
    private static Gen<(int Pick, int Credits, int Hours)> ChargeGenerator() =>
        from pick in Gen.Choose(0, 10_000)
        from credits in Gen.Choose(1, 1_000)
        from hours in Gen.Choose(0, 24 * 30)
        select (pick, credits, hours);

    private static FairShareScenario Assemble(int[] parents, int[] shares, (int Pick, int Credits, int Hours)[] charges)
    {
        var nodes = new FairShareNode[parents.Length + 1];
        nodes[0] = new FairShareNode("n0", null, 1);
        for (var i = 1; i < nodes.Length; i++)
        {
            nodes[i] = new FairShareNode($"n{i}", $"n{parents[i - 1]}", shares[i]);
        }

        var scenario = new FairShareScenario(nodes, []);
        var leaves = scenario.LeafIds;
        return scenario with
        {
            Charges = charges
                .Select(charge => new Charge(leaves[charge.Pick % leaves.Length], charge.Credits, T0.AddHours(charge.Hours)))
                .ToArray(),
        };
    }
}
