using QBroker.Contracts.Qkd;

namespace QBroker.Grains.Telemetry;

/// <summary>
/// What the observable gauges report: a copy of the scheduler's, budgets' and QKD links' state taken by a background
/// refresher, so a gauge callback (run on the exporter's thread) never waits on a grain call.
/// </summary>
public sealed record BrokerStats(
    IReadOnlyList<DeviceStats> Devices,
    IReadOnlyList<InstitutionCredits> Institutions,
    IReadOnlyList<InstitutionFairShare> FairShare,
    IReadOnlyList<LinkSnapshot> Links)
{
    public static readonly BrokerStats Empty = new([], [], [], []);
}
