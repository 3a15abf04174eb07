namespace QBroker.Cluster.Tests.History;

/// <summary>A submission the broker acknowledged (202): the client may rely on it, so it must never be lost.</summary>
public sealed record AcknowledgedSubmission(Guid JobId, string ClientToken, decimal Escrow);
