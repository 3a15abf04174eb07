using System.Diagnostics.Metrics;
using QBroker.Grains.Telemetry;

namespace QBroker.Grains.Accounting;

/// <summary>
/// <c>qbroker.budget.warnings</c> on the broker's meter (Prometheus: <c>qbroker_budget_warnings_total</c>): one per
/// accepted submission per budget it leaves past the warning threshold, tagged with the institution and the scope
/// (institution or project), the same submissions that carry the response's budget warning and log it. Both tags
/// are bounded by the account tree, never by jobs.
/// </summary>
public static class BudgetWarningCounter
{
    public const string Name = "qbroker.budget.warnings";

    private static readonly Counter<long> Warnings = QBrokerTelemetry.Meter.CreateCounter<long>(
        Name, unit: "{warning}", description: "Accepted submissions that leave an institution's or project's budget past the warning threshold");

    public static void Record(string institutionId, BudgetWarning warning) =>
        Warnings.Add(1, new KeyValuePair<string, object?>("institution", institutionId), new KeyValuePair<string, object?>("scope", warning.Scope));
}
