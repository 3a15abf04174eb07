using QBroker.Contracts.Devices;
using QBroker.Grains.Scheduling;

namespace QBroker.Grains.Tests.Scheduling;

/// <summary>Small fair-share worlds for exercising the scheduling core.</summary>
internal static class CoreFixtures
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// program → institutions with the given shares, each with one project and the given researchers (1 share each).
    /// Leaf ids are FairShareLeaves.Leaf("{institution}-p", researcher).
    /// </summary>
    public static FairShareTree Tree(params (string Institution, double Shares, string[] Researchers)[] institutions)
    {
        var nodes = new List<FairShareNode> { new(FairShareLeaves.Root, null, 1) };
        foreach (var (institution, shares, researchers) in institutions)
        {
            nodes.Add(new FairShareNode(FairShareLeaves.Institution(institution), FairShareLeaves.Root, shares));
            nodes.Add(new FairShareNode(FairShareLeaves.Project(institution + "-p"), FairShareLeaves.Institution(institution), 1));
            nodes.AddRange(researchers.Select(r => new FairShareNode(Leaf(institution, r), FairShareLeaves.Project(institution + "-p"), 1)));
        }
        return new FairShareTree(nodes, new FairShareOptions());
    }

    public static string Leaf(string institution, string researcher) => FairShareLeaves.Leaf(institution + "-p", researcher);

    public static SchedulingCore Core(FairShareTree tree, params string[] devices) =>
        new(tree, new JobPriorityOptions(), devices.Select(d => (d, 1, DeviceStatus.Online)));

    public static WaitingJob Job(string leaf, DateTimeOffset enqueuedAt, string[] devices, int priority = 0, double credits = 1, double seconds = 60) =>
        new(Guid.NewGuid(), leaf, devices, priority, enqueuedAt, TimeSpan.FromSeconds(seconds), credits);
}
