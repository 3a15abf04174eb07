using QBroker.Contracts.Devices;

namespace QBroker.Grains.Telemetry;

/// <summary>
/// One device as the telemetry gauges last saw it: its busy slots and its status. Its queue is reported from the
/// scheduler's own snapshot (<see cref="QueueSnapshotBoard"/>), which is fresher.
/// </summary>
public sealed record DeviceStats(
    string DeviceId,
    DeviceStatus Status,
    int Slots,
    int Running);
