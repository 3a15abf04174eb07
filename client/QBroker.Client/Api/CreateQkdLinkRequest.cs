namespace QBroker.Client.Api;

/// <summary>Body of <c>POST /api/v1/qkd/links</c> (operators). Omitted physics take the server's Gobby–Yuan–Shields defaults.</summary>
public sealed record CreateQkdLinkRequest
{
    public required string Id { get; init; }
    public required string SiteA { get; init; }
    public required string SiteB { get; init; }
    public required double LengthKm { get; init; }
    public double? LossDbPerKm { get; init; }
    public double? DetectorEfficiency { get; init; }
    public double? DarkCountProbability { get; init; }
    public double? Misalignment { get; init; }
    public double? ClockRateHz { get; init; }
}
