namespace QBroker.Contracts.Devices;

/// <summary>Operator-set availability. Stored as its number; never renumber.</summary>
[GenerateSerializer, Alias("qbroker.DeviceStatus")]
public enum DeviceStatus
{
    Online = 0,
    Maintenance = 1,
    Offline = 2,
}
