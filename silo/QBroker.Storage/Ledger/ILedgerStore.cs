using QBroker.Contracts.Accounting;

namespace QBroker.Storage.Ledger;

/// <summary>Reads of the append-only ledger (entries are written with job transitions, see IJobStore).</summary>
public interface ILedgerStore
{
    /// <summary>Entries matching the query, oldest first.</summary>
    Task<IReadOnlyList<LedgerEntry>> QueryAsync(LedgerQuery query);

    /// <summary>Per project of the institution: spent in [from, to) and still escrowed now.</summary>
    Task<IReadOnlyList<LedgerTotals>> ProjectTotalsAsync(string institutionId, DateTimeOffset from, DateTimeOffset to);

    /// <summary>Escrows of the institution not yet released: the reservations of jobs still active.</summary>
    Task<IReadOnlyList<LedgerEntry>> OpenEscrowsAsync(string institutionId);
}

/// <summary>Filters over ledger entries; all optional.</summary>
public sealed record LedgerQuery
{
    public string? InstitutionId { get; init; }
    public string? ProjectId { get; init; }
    public string? ResearcherId { get; init; }
    public string? DeviceId { get; init; }
    public LedgerKind? Kind { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
}

/// <summary>Spent and escrowed of one project.</summary>
public sealed record LedgerTotals(string ProjectId, decimal Spent, decimal Escrowed);
