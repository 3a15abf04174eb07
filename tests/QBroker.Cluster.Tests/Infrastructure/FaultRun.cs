using QBroker.Cluster.Tests.History;

namespace QBroker.Cluster.Tests.Infrastructure;

/// <summary>One failure scenario's outcome before any assertion: what was measured and what the checker found.</summary>
public sealed record FaultRun(FaultReport Report, HistoryVerdict Verdict, int Acknowledged, int GaveUp, IClusterNode Victim);
