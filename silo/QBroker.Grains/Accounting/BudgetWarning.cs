namespace QBroker.Grains.Accounting;

/// <summary>
/// A budget past its warning threshold after a reservation: which scope ("institution" or "project"), which node,
/// and the fraction used (spent plus escrowed over the budget).
/// </summary>
public sealed record BudgetWarning(string Scope, string NodeId, double Used)
{
    public const string InstitutionScope = "institution";
    public const string ProjectScope = "project";
}
