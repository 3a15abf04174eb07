using QBroker.Contracts.Devices;

namespace QBroker.Grains.Devices;

/// <summary>What a device grain persists: the operator's decisions about the device, and why.</summary>
public sealed class DeviceState
{
    public DeviceStatus Status { get; set; } = DeviceStatus.Online;

    public string? Reason { get; set; }

    public DateTimeOffset? ChangedAt { get; set; }

    /// <summary>Probability that an execution ends in an injected transient fault (for drills and tests). 0 = none.</summary>
    public double FaultRate { get; set; }
}
