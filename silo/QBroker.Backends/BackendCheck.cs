namespace QBroker.Backends;

/// <summary>Outcome of <see cref="IDeviceBackend.Check"/>: accepted, or refused with a reason.</summary>
public sealed record BackendCheck(bool Accepted, string? Reason)
{
    public static BackendCheck Ok { get; } = new(true, null);

    public static BackendCheck Refuse(string reason) => new(false, reason);
}
