namespace QBroker.Client.Api;

/// <summary>
/// An RFC 9457 problem document as QBroker sends it. Besides the standard members it may carry the source
/// position of a QASM error and per-field validation errors.
/// </summary>
public sealed record ApiProblem
{
    public string? Type { get; init; }
    public string? Title { get; init; }
    public int? Status { get; init; }
    public string? Detail { get; init; }
    public string? Instance { get; init; }
    public string? TraceId { get; init; }
    public int? Line { get; init; }
    public int? Column { get; init; }
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }
}
