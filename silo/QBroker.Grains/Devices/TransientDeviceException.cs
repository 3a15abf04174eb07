namespace QBroker.Grains.Devices;

/// <summary>A fault of the device rather than of the job (calibration, connection, a crash): worth another attempt.</summary>
public sealed class TransientDeviceException(string message) : Exception(message);
