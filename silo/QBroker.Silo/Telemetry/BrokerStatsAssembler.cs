using QBroker.Contracts.Accounting;
using QBroker.Contracts.Devices;
using QBroker.Contracts.Qkd;
using QBroker.Contracts.Scheduling;
using QBroker.Grains.Scheduling;
using QBroker.Grains.Telemetry;

namespace QBroker.Silo.Telemetry;

/// <summary>
/// Joins the scheduler's queue statistics and fair-share tree, the devices' snapshots, the budgets and the QKD links'
/// snapshots into what the gauges report.
/// </summary>
public static class BrokerStatsAssembler
{
    public static BrokerStats Assemble(
        IReadOnlyList<DeviceQueueStats> queues,
        IReadOnlyList<DeviceSnapshot> devices,
        IReadOnlyList<BudgetStatus> budgets,
        IReadOnlyList<FairShareLine> fairShare,
        IReadOnlyList<LinkSnapshot> links)
    {
        var byDevice = queues.ToDictionary(q => q.DeviceId, StringComparer.Ordinal);
        var deviceStats = devices
            .Select(d => byDevice.TryGetValue(d.DeviceId, out var q)
                ? new DeviceStats(d.DeviceId, d.Status, d.Slots, q.Running)
                // A device the scheduler does not index yet: report what the device itself knows.
                : new DeviceStats(d.DeviceId, d.Status, d.Slots, d.Running.Count))
            .OrderBy(d => d.DeviceId, StringComparer.Ordinal)
            .ToList();
        var credits = budgets
            .Select(b => new InstitutionCredits(b.Institution.NodeId, b.Institution.Budget, b.Institution.Spent, b.Institution.Escrowed))
            .OrderBy(c => c.InstitutionId, StringComparer.Ordinal)
            .ToList();
        // The institutions' rows only: projects and researchers would multiply the series without bound.
        var institutionNodes = credits.ToDictionary(c => FairShareLeaves.Institution(c.InstitutionId), c => c.InstitutionId, StringComparer.Ordinal);
        var shares = fairShare
            .Where(line => institutionNodes.ContainsKey(line.NodeId))
            .Select(line => new InstitutionFairShare(institutionNodes[line.NodeId], line.NormalizedShare, line.DecayedUsage, line.Factor))
            .OrderBy(f => f.InstitutionId, StringComparer.Ordinal)
            .ToList();
        var linkStats = links.OrderBy(l => l.Definition.Id, StringComparer.Ordinal).ToList();
        return new BrokerStats(deviceStats, credits, shares, linkStats);
    }
}
