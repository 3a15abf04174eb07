using QBroker.Backends.Anneal;
using QBroker.Backends.Execution;
using QBroker.Backends.Qkd;

namespace QBroker.Backends;

/// <summary>Creates the embedded backend that stands in for a device until provider credentials are configured.</summary>
public static class DeviceBackends
{
    public static IDeviceBackend Create(DeviceModel device, BackendOptions options) => device.Kind switch
    {
        DeviceKind.Gate => new GateDeviceBackend(device, options),
        DeviceKind.Anneal => new AnnealDeviceBackend(device, options.MaxDegreeOfParallelism),
        DeviceKind.Qkd => new QkdDeviceBackend(device),
        _ => throw new ArgumentOutOfRangeException(nameof(device), device.Kind, "Unknown device kind."),
    };
}
