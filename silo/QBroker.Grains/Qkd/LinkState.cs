using QBroker.Contracts.Qkd;

namespace QBroker.Grains.Qkd;

/// <summary>
/// What a link grain persists: its configuration, both pools, the authentication key of the classical channel and
/// the last block's figures. Key bytes are stored only until drawn.
/// </summary>
public sealed class LinkState
{
    public LinkDefinition? Definition { get; set; }

    public EavesdropperSpec? Eavesdropper { get; set; }

    public byte[] PoolAToB { get; set; } = [];

    public byte[] PoolBToA { get; set; } = [];

    /// <summary>Unused authentication key; both ends hold the same bytes, so one copy restores both.</summary>
    public byte[] AuthenticationKey { get; set; } = [];

    /// <summary>Seed of the next block; drawn at random when the link is created, then counted up.</summary>
    public ulong NextSeed { get; set; }

    /// <summary>Blocks are paced by link time: the next may start once the previous one's pulses would have been sent.</summary>
    public DateTimeOffset NextBlockDueAt { get; set; }

    public double? LastQber { get; set; }

    public double LastRateBitsPerSecond { get; set; }

    public string? LastAbortReason { get; set; }

    public long BlocksRun { get; set; }

    public long BlocksAborted { get; set; }
}
