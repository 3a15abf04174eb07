namespace QBroker.Client.Api;

/// <summary>A page of <c>GET /api/v1/jobs</c>, newest first. Pass <see cref="NextCursor"/> as <c>cursor</c> for the next page.</summary>
public sealed record JobPage(IReadOnlyList<JobView> Items, string? NextCursor);

/// <summary>Filters of <c>GET /api/v1/jobs</c>; every one optional.</summary>
public sealed record JobQuery
{
    public string? State { get; init; }
    public string? Tag { get; init; }
    public string? Device { get; init; }
    public string? Owner { get; init; }
    public DateTimeOffset? Since { get; init; }
    public DateTimeOffset? Until { get; init; }
    /// <summary>1..500, default 50.</summary>
    public int? Limit { get; init; }
    public string? Cursor { get; init; }
}
