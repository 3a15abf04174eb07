namespace QBroker.Client.Api;

/// <summary>
/// <c>GET /api/v1/cluster</c> (operators): which silo answered and which silo hosts the scheduler, as Orleans silo
/// addresses ("ip:port@generation", the form of the membership table's silo column).
/// </summary>
public sealed record ClusterView
{
    /// <summary>The silo that answered this request.</summary>
    public required string Silo { get; init; }

    /// <summary>The silo hosting the scheduler grain (and, after a recovery, the devices it re-activated); null while none does.</summary>
    public string? Scheduler { get; init; }
}
