namespace QBroker.Client.Api;

/// <summary>A device as <c>GET /api/v1/devices</c> shows it.</summary>
public sealed record DeviceView
{
    public required string Id { get; init; }
    public required string Provider { get; init; }
    /// <summary>gate or anneal.</summary>
    public required string Kind { get; init; }
    public required string DisplayName { get; init; }
    public required int Qubits { get; init; }
    public required int MaxShots { get; init; }
    /// <summary>online, maintenance or offline.</summary>
    public required string Status { get; init; }
    /// <summary>Jobs waiting for this device.</summary>
    public int QueueDepth { get; init; }
    /// <summary>Jobs executing on it now.</summary>
    public int Running { get; init; }

    /// <summary>Share of executions ending in an injected transient fault (fault drills); 0 normally.</summary>
    public double FaultRate { get; init; }
}
