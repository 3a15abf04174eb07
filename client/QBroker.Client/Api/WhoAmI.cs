namespace QBroker.Client.Api;

/// <summary><c>GET /api/v1/whoami</c>: the principal behind the presented key.</summary>
public sealed record WhoAmI
{
    /// <summary>researcher, admin or operator.</summary>
    public required string Role { get; init; }
    public required string Subject { get; init; }
    public string? Institution { get; init; }
    public string? DisplayName { get; init; }
}
