namespace QBroker.Client.Api;

/// <summary>One directional key pool of a link: key the master at <see cref="From"/> shares with the slave at <see cref="To"/>.</summary>
public sealed record QkdPoolView
{
    public required string From { get; init; }
    public required string To { get; init; }
    public int StoredBytes { get; init; }
    public int CapacityBytes { get; init; }

    /// <summary>Stored over capacity, 0 to 1.</summary>
    public double Level { get; init; }

    /// <summary>ready, charging, low or empty.</summary>
    public required string State { get; init; }
}
