using System.Data.Common;
using QBroker.Contracts.Accounting;

namespace QBroker.Storage.Ledger;

/// <summary>
/// Appends ledger entries inside a caller's transaction, so a job's escrow commits with its acceptance and its
/// settlement with its terminal transition. The (job, kind) key makes a second escrow or settlement fail the whole
/// transaction instead of double-counting.
/// </summary>
internal static class LedgerWrites
{
    public static async Task AppendAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<LedgerEntry> entries)
    {
        foreach (var entry in entries)
        {
            var insert = connection.Prepared(transaction,
                "INSERT INTO ledger (job_id, kind, institution_id, project_id, researcher_id, device_id, amount_micros, at) " +
                "VALUES (@job, @kind, @institution, @project, @researcher, @device, @amount, @at)");
            insert.Add("@job", entry.JobId.ToString());
            insert.Add("@kind", entry.Kind.ToString());
            insert.Add("@institution", entry.InstitutionId);
            insert.Add("@project", entry.ProjectId);
            insert.Add("@researcher", entry.ResearcherId);
            insert.Add("@device", entry.DeviceId);
            insert.Add("@amount", SqlValues.ToMicros(entry.Amount));
            insert.Add("@at", SqlValues.ToMillis(entry.At));
            await insert.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
    }
}
