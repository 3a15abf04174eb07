namespace QBroker.Backends;

/// <summary>Thrown by ExecuteAsync when the workload fails <see cref="IDeviceBackend.Check"/>; a permanent error, not worth retrying.</summary>
public sealed class WorkloadRejectedException(string reason) : Exception(reason)
{
    public string Reason { get; } = reason;
}
