using QBroker.Contracts.Devices;

namespace QBroker.Grains.Telemetry;

/// <summary>One device as the telemetry gauges last saw it: its queue, its busy slots and its status.</summary>
public sealed record DeviceStats(
    string DeviceId,
    DeviceStatus Status,
    int Slots,
    int Running,
    int Queued,
    DateTimeOffset? OldestEnqueuedAt);
