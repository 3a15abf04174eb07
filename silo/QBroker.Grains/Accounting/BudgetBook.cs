using QBroker.Contracts.Accounting;

namespace QBroker.Grains.Accounting;

/// <summary>
/// The budget arithmetic of one institution and its projects for one period, in memory. Pure: the budget grain
/// loads it from the ledger and feeds it reservations and settlements. A reservation must fit both the institution's
/// and the project's remaining budget (budget − spent − escrowed); unlimited nodes have no budget.
/// </summary>
public sealed class BudgetBook(string institutionId, IReadOnlyDictionary<string, decimal> budgets, double warningThreshold)
{
    private readonly Dictionary<string, Totals> _projects = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, (string ProjectId, decimal Amount)> _open = [];
    private Totals _institution = new(0, 0);

    public string InstitutionId { get; } = institutionId;

    /// <summary>Starts from the ledger: settled totals of the period and the escrows still open.</summary>
    public void Load(IEnumerable<(string ProjectId, decimal Spent, decimal Escrowed)> totals, IEnumerable<LedgerEntry> openEscrows)
    {
        _projects.Clear();
        _open.Clear();
        _institution = new Totals(0, 0);
        foreach (var (projectId, spent, escrowed) in totals)
        {
            _projects[projectId] = new Totals(spent, escrowed);
            _institution = _institution with { Spent = _institution.Spent + spent, Escrowed = _institution.Escrowed + escrowed };
        }
        foreach (var escrow in openEscrows)
        {
            _open[escrow.JobId] = (escrow.ProjectId, escrow.Amount);
        }
    }

    public BudgetDecision TryReserve(Guid jobId, string projectId, decimal amount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        if (_open.ContainsKey(jobId))
        {
            return new BudgetDecision(true, null, WarningFor(projectId), AlreadyReserved: true);
        }
        var project = ProjectTotals(projectId);
        if (Refusal(InstitutionId, "institution", _institution, amount) is { } institutionRefusal)
        {
            return new BudgetDecision(false, institutionRefusal, null);
        }
        if (Refusal(projectId, "project", project, amount) is { } projectRefusal)
        {
            return new BudgetDecision(false, projectRefusal, null);
        }
        _open[jobId] = (projectId, amount);
        _projects[projectId] = project with { Escrowed = project.Escrowed + amount };
        _institution = _institution with { Escrowed = _institution.Escrowed + amount };
        return new BudgetDecision(true, null, WarningFor(projectId));
    }

    /// <summary>Undoes a reservation whose job was never recorded. No effect for unknown jobs.</summary>
    public void Forget(Guid jobId) => Settle(jobId, charged: 0, countCharge: false);

    /// <summary>Releases the job's reservation and adds what it was charged. Unknown jobs are already in the loaded totals.</summary>
    public void Settle(Guid jobId, decimal charged) => Settle(jobId, charged, countCharge: true);

    public BudgetLine InstitutionLine => new(InstitutionId, budgets.TryGetValue(InstitutionId, out var b) ? b : null, _institution.Spent, _institution.Escrowed);

    public IReadOnlyList<BudgetLine> ProjectLines(IEnumerable<string> projectIds) =>
        [.. projectIds.Select(id =>
        {
            var totals = ProjectTotals(id);
            return new BudgetLine(id, budgets.TryGetValue(id, out var b) ? b : null, totals.Spent, totals.Escrowed);
        })];

    private void Settle(Guid jobId, decimal charged, bool countCharge)
    {
        if (!_open.Remove(jobId, out var reservation))
        {
            return;
        }
        var project = ProjectTotals(reservation.ProjectId);
        var spent = countCharge ? charged : 0;
        _projects[reservation.ProjectId] = new Totals(project.Spent + spent, project.Escrowed - reservation.Amount);
        _institution = new Totals(_institution.Spent + spent, _institution.Escrowed - reservation.Amount);
    }

    private string? Refusal(string nodeId, string what, Totals totals, decimal amount)
    {
        if (!budgets.TryGetValue(nodeId, out var budget))
        {
            return null;
        }
        var remaining = budget - totals.Spent - totals.Escrowed;
        return amount > remaining
            ? $"The job's estimated cost of {amount:0.####} credits exceeds the remaining budget of {what} '{nodeId}': " +
              $"{remaining:0.####} of {budget:0.####} credits left ({totals.Spent:0.####} spent, {totals.Escrowed:0.####} reserved for queued jobs)."
            : null;
    }

    /// <summary>The institution's and the project's budgets that are now at or past the warning threshold.</summary>
    public IReadOnlyList<BudgetWarning> WarningsFor(string projectId)
    {
        var warnings = new List<BudgetWarning>(2);
        void Check(string nodeId, string scope, Totals totals)
        {
            if (budgets.TryGetValue(nodeId, out var budget) && budget > 0)
            {
                var used = (double)((totals.Spent + totals.Escrowed) / budget);
                if (used >= warningThreshold)
                {
                    warnings.Add(new BudgetWarning(scope, nodeId, used));
                }
            }
        }
        Check(InstitutionId, BudgetWarning.InstitutionScope, _institution);
        Check(projectId, BudgetWarning.ProjectScope, ProjectTotals(projectId));
        return warnings;
    }

    private string? WarningFor(string projectId)
    {
        var warnings = WarningsFor(projectId);
        return warnings.Count == 0
            ? null
            : string.Join("; ", warnings.Select(w => $"{w.Scope} '{w.NodeId}' has used {w.Used:P0} of its budget")) + ".";
    }

    private Totals ProjectTotals(string projectId) => _projects.TryGetValue(projectId, out var totals) ? totals : new Totals(0, 0);

    private sealed record Totals(decimal Spent, decimal Escrowed);
}
