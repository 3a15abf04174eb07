using QBroker.Contracts.Accounting;
using QBroker.Grains.Accounting;

namespace QBroker.Grains.Tests.Accounting;

public sealed class BudgetBookTests
{
    private static BudgetBook Book(decimal? institution = 100m, decimal? project = null)
    {
        var budgets = new Dictionary<string, decimal>();
        if (institution is { } i)
        {
            budgets["inst"] = i;
        }
        if (project is { } p)
        {
            budgets["proj"] = p;
        }
        var book = new BudgetBook("inst", budgets, warningThreshold: 0.8);
        book.Load([], []);
        return book;
    }

    [Fact]
    public void Reservations_fit_until_the_remaining_budget_is_used_up()
    {
        var book = Book(institution: 100m);
        Assert.True(book.TryReserve(Guid.NewGuid(), "proj", 60m).Accepted);
        Assert.True(book.TryReserve(Guid.NewGuid(), "proj", 40m).Accepted);
        var refused = book.TryReserve(Guid.NewGuid(), "proj", 0.01m);
        Assert.False(refused.Accepted);
        Assert.Contains("institution 'inst'", refused.Refusal);
        Assert.Contains("0 of 100", refused.Refusal);
        Assert.Equal(100m, book.InstitutionLine.Escrowed);
    }

    [Fact]
    public void The_project_budget_binds_even_when_the_institution_has_room()
    {
        var book = Book(institution: 1000m, project: 10m);
        var refused = book.TryReserve(Guid.NewGuid(), "proj", 11m);
        Assert.False(refused.Accepted);
        Assert.Contains("project 'proj'", refused.Refusal);
        Assert.True(book.TryReserve(Guid.NewGuid(), "other", 11m).Accepted);
    }

    [Fact]
    public void Settlement_moves_the_reservation_to_spent_and_refunds_the_difference()
    {
        var book = Book(institution: 100m);
        var job = Guid.NewGuid();
        book.TryReserve(job, "proj", 50m);
        book.Settle(job, charged: 30m);
        Assert.Equal(new BudgetLine("inst", 100m, 30m, 0m), book.InstitutionLine);
        // Settling again (a duplicate notification) changes nothing.
        book.Settle(job, charged: 30m);
        Assert.Equal(30m, book.InstitutionLine.Spent);
        Assert.True(book.TryReserve(Guid.NewGuid(), "proj", 70m).Accepted);
    }

    [Fact]
    public void Cancelled_or_forgotten_reservations_are_refunded_in_full()
    {
        var book = Book(institution: 100m);
        var cancelled = Guid.NewGuid();
        var forgotten = Guid.NewGuid();
        book.TryReserve(cancelled, "proj", 40m);
        book.TryReserve(forgotten, "proj", 40m);
        book.Settle(cancelled, charged: 0m);
        book.Forget(forgotten);
        Assert.Equal(new BudgetLine("inst", 100m, 0m, 0m), book.InstitutionLine);
    }

    [Fact]
    public void A_warning_is_given_from_the_threshold_on()
    {
        var book = Book(institution: 100m);
        Assert.Null(book.TryReserve(Guid.NewGuid(), "proj", 79m).Warning);
        var warned = book.TryReserve(Guid.NewGuid(), "proj", 1m);
        Assert.Contains("80", warned.Warning);
    }

    [Fact]
    public void Reserving_the_same_job_twice_reserves_once()
    {
        var book = Book(institution: 100m);
        var job = Guid.NewGuid();
        Assert.False(book.TryReserve(job, "proj", 60m).AlreadyReserved);
        var again = book.TryReserve(job, "proj", 60m);
        Assert.True(again.Accepted);
        Assert.True(again.AlreadyReserved);
        Assert.Equal(60m, book.InstitutionLine.Escrowed);
    }

    [Fact]
    public void Loading_from_the_ledger_counts_open_escrows_and_settles_them_later()
    {
        var book = new BudgetBook("inst", new Dictionary<string, decimal> { ["inst"] = 100m }, 0.8);
        var open = Guid.NewGuid();
        book.Load([("proj", 20m, 30m)], [new LedgerEntry(open, LedgerKind.Escrow, "inst", "proj", "r", "d", 30m, DateTimeOffset.UnixEpoch)]);
        Assert.Equal(new BudgetLine("inst", 100m, 20m, 30m), book.InstitutionLine);
        book.Settle(open, 25m);
        Assert.Equal(new BudgetLine("inst", 100m, 45m, 0m), book.InstitutionLine);
        // A settlement the ledger already contained (not open) is not counted twice.
        book.Settle(Guid.NewGuid(), 999m);
        Assert.Equal(45m, book.InstitutionLine.Spent);
    }

    [Fact]
    public void Unlimited_institutions_accept_anything()
    {
        var book = Book(institution: null);
        Assert.True(book.TryReserve(Guid.NewGuid(), "proj", 1_000_000m).Accepted);
        Assert.Null(book.InstitutionLine.Budget);
    }
}
