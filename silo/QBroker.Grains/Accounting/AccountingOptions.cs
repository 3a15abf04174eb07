namespace QBroker.Grains.Accounting;

/// <summary>Budget rules. Bound from "QBroker:Accounting".</summary>
public sealed class AccountingOptions
{
    public const string SectionName = "QBroker:Accounting";

    /// <summary>Utilisation (spent + escrowed over budget) from which submissions carry a warning. Default 0.8.</summary>
    public double WarningThreshold { get; set; } = 0.8;

    /// <summary>Budgets run for calendar years (UTC); this is the period containing <paramref name="now"/>.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) PeriodContaining(DateTimeOffset now)
    {
        var start = new DateTimeOffset(now.UtcDateTime.Year, 1, 1, 0, 0, 0, TimeSpan.Zero);
        return (start, start.AddYears(1));
    }
}
