using QBroker.Contracts.Devices;

namespace QBroker.Grains.Devices;

/// <summary>What a device grain persists: the operator's decision about the device, and why.</summary>
public sealed class DeviceState
{
    public DeviceStatus Status { get; set; } = DeviceStatus.Online;

    public string? Reason { get; set; }

    public DateTimeOffset? ChangedAt { get; set; }
}
