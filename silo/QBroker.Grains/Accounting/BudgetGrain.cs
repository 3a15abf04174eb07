using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QBroker.Contracts.Accounting;
using QBroker.Storage.Accounts;
using QBroker.Storage.Ledger;

namespace QBroker.Grains.Accounting;

/// <summary>
/// Budgets of one institution (keyed by its id): serialises reservations so concurrent submissions cannot overspend,
/// and rebuilds its book from the ledger whenever it activates, so a lost notification can only delay, never
/// corrupt, its totals.
/// </summary>
public sealed partial class BudgetGrain(
    ILedgerStore ledger,
    IAccountStore accounts,
    TimeProvider time,
    IOptions<AccountingOptions> options,
    ILogger<BudgetGrain> logger) : Grain, IBudgetGrain
{
    private BudgetBook _book = null!;
    private (DateTimeOffset Start, DateTimeOffset End) _period;
    private IReadOnlyList<string> _projectIds = [];

    public override async Task OnActivateAsync(CancellationToken cancellationToken) => await LoadAsync();

    public async Task<BudgetDecision> Reserve(Guid jobId, string projectId, decimal amount)
    {
        if (time.GetUtcNow() >= _period.End)
        {
            await LoadAsync();
        }
        var decision = _book.TryReserve(jobId, projectId, amount);
        if (!decision.Accepted)
        {
            LogRefused(jobId, projectId, decision.Refusal);
        }
        else if (decision.Warning is not null)
        {
            LogWarning(jobId, decision.Warning);
            // A retried submission of a job already reserved is the same submission: counted once.
            if (!decision.AlreadyReserved)
            {
                foreach (var warning in _book.WarningsFor(projectId))
                {
                    BudgetWarningCounter.Record(_book.InstitutionId, warning);
                }
            }
        }
        return decision;
    }

    public Task Forget(Guid jobId)
    {
        _book.Forget(jobId);
        return Task.CompletedTask;
    }

    public Task Settled(Guid jobId, decimal charged)
    {
        _book.Settle(jobId, charged);
        return Task.CompletedTask;
    }

    public Task<BudgetStatus> GetStatus() =>
        Task.FromResult(new BudgetStatus(_book.InstitutionLine, _book.ProjectLines(_projectIds), _period.Start, _period.End));

    private async Task LoadAsync()
    {
        var institutionId = this.GetPrimaryKeyString();
        _period = AccountingOptions.PeriodContaining(time.GetUtcNow());
        var budgets = await accounts.LoadBudgetsAsync();
        var snapshot = await accounts.LoadAsync();
        _projectIds = [.. snapshot.Projects.Where(p => p.InstitutionId == institutionId).Select(p => p.Id)];
        var totals = await ledger.ProjectTotalsAsync(institutionId, _period.Start, _period.End);
        var open = await ledger.OpenEscrowsAsync(institutionId);
        _book = new BudgetBook(institutionId, budgets, options.Value.WarningThreshold);
        _book.Load(totals.Select(t => (t.ProjectId, t.Spent, t.Escrowed)), open);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} refused for project {ProjectId}: {Reason}")]
    private partial void LogRefused(Guid jobId, string projectId, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Budget warning at job {JobId}: {Warning}")]
    private partial void LogWarning(Guid jobId, string warning);
}
