using QBroker.Contracts.Accounting;

namespace QBroker.Cluster.Tests.History;

/// <summary>
/// What the store and the scheduler hold once a run is over: every job with its transitions, every ledger line,
/// and how many jobs the scheduler still has waiting or running.
/// </summary>
public sealed record FinalState(IReadOnlyList<StoredJob> Jobs, IReadOnlyList<LedgerEntry> Ledger, int QueuedOrRunning);
