namespace QBroker.Contracts.Accounting;

/// <summary>
/// The budgets of one institution and its projects, keyed by institution id. Serialises the check-and-reserve of
/// every submission so two concurrent jobs can never both fit into the last credits. Its totals are rebuilt from the
/// ledger on activation; the ledger, written with the job transitions, is the truth.
/// </summary>
[Alias("qbroker.IBudgetGrain")]
public interface IBudgetGrain : IGrainWithStringKey
{
    /// <summary>
    /// Reserves <paramref name="amount"/> for a job if both the institution's and the project's remaining budget
    /// allow it. The reservation lives in memory until the job's escrow entry is committed; the caller undoes it with
    /// <see cref="Forget"/> when the job could not be recorded.
    /// </summary>
    [Alias("Reserve")]
    Task<BudgetDecision> Reserve(Guid jobId, string projectId, decimal amount);

    /// <summary>Drops an in-memory reservation whose job was never recorded.</summary>
    [Alias("Forget")]
    Task Forget(Guid jobId);

    /// <summary>The job's escrow was released and <paramref name="charged"/> spent (0 for failed or cancelled jobs).</summary>
    [Alias("Settled")]
    Task Settled(Guid jobId, decimal charged);

    [Alias("GetStatus")]
    Task<BudgetStatus> GetStatus();
}

/// <summary>
/// The answer to a reservation: accepted or refused with the reason, and a warning past the threshold (80 %).
/// <see cref="AlreadyReserved"/>: the job held a reservation before this call (a concurrent or repeated submission),
/// so this caller must not undo it.
/// </summary>
[GenerateSerializer, Immutable, Alias("qbroker.BudgetDecision")]
public sealed record BudgetDecision(
    [property: Id(0)] bool Accepted,
    [property: Id(1)] string? Refusal,
    [property: Id(2)] string? Warning,
    [property: Id(3)] bool AlreadyReserved = false);

/// <summary>Budget, spent and escrowed of one node for the current period; Budget null means unlimited.</summary>
[GenerateSerializer, Immutable, Alias("qbroker.BudgetLine")]
public sealed record BudgetLine(
    [property: Id(0)] string NodeId,
    [property: Id(1)] decimal? Budget,
    [property: Id(2)] decimal Spent,
    [property: Id(3)] decimal Escrowed);

[GenerateSerializer, Immutable, Alias("qbroker.BudgetStatus")]
public sealed record BudgetStatus(
    [property: Id(0)] BudgetLine Institution,
    [property: Id(1)] IReadOnlyList<BudgetLine> Projects,
    [property: Id(2)] DateTimeOffset PeriodStart,
    [property: Id(3)] DateTimeOffset PeriodEnd);
