using System.Globalization;
using QBroker.Contracts.Accounting;
using QBroker.Contracts.Jobs;

namespace QBroker.Cluster.Tests.History;

/// <summary>
/// Verifies a run in the manner of a Jepsen checker: from the log of every acknowledged submission and the final
/// store contents, every acknowledged job exists (none lost) and ends in exactly one terminal state; its escrow was
/// recorded once for the acknowledged amount (the estimate on its record); it was settled exactly once (one release of
/// the whole escrow, plus one charge of the cost its completion recorded exactly when it completed, so nothing is
/// charged twice); a completed job has its result; the scheduler's queue is drained; and a client token was never
/// acknowledged as two jobs. Jobs stored without an acknowledgement (the reply was lost in the failure) are allowed
/// but must obey the same settlement rules.
/// </summary>
public static class HistoryChecker
{
    public static HistoryVerdict Check(IReadOnlyList<AcknowledgedSubmission> acknowledged, FinalState final)
    {
        var violations = new List<string>();
        // One store per cluster holds each job once. Where silos kept stores of their own (the negative control), a
        // job re-activated on another silo is recorded again there: a second copy is itself a violation.
        var stored = new Dictionary<Guid, StoredJob>();
        foreach (var copies in final.Jobs.GroupBy(job => job.JobId))
        {
            stored[copies.Key] = copies.First();
            if (copies.Count() > 1)
            {
                violations.Add($"job {copies.Key} is recorded {copies.Count()} times (more than one store holds it)");
            }
        }
        var ledger = final.Ledger.ToLookup(line => line.JobId);

        foreach (var token in acknowledged.GroupBy(ack => ack.ClientToken, StringComparer.Ordinal))
        {
            var ids = token.Select(ack => ack.JobId).Distinct().ToList();
            if (ids.Count > 1)
            {
                violations.Add($"client token {token.Key} was acknowledged as {ids.Count} different jobs");
            }
        }

        var acknowledgedIds = new HashSet<Guid>();
        var lost = new List<Guid>();
        foreach (var ack in acknowledged.DistinctBy(ack => ack.JobId))
        {
            acknowledgedIds.Add(ack.JobId);
            if (!stored.TryGetValue(ack.JobId, out var job))
            {
                violations.Add($"job {ack.JobId} was acknowledged but is not in the store (lost)");
                lost.Add(ack.JobId);
                continue;
            }
            CheckJob(job, ledger[ack.JobId].ToList(), ack.Escrow, violations);
        }
        foreach (var job in stored.Values.Where(job => !acknowledgedIds.Contains(job.JobId)))
        {
            CheckJob(job, ledger[job.JobId].ToList(), expectedEscrow: null, violations);
        }
        foreach (var orphan in final.Ledger.Select(line => line.JobId).Distinct().Where(id => !stored.ContainsKey(id)))
        {
            violations.Add($"ledger lines for job {orphan}, which is not in the store");
        }
        if (final.QueuedOrRunning != 0)
        {
            violations.Add($"the scheduler still holds {final.QueuedOrRunning} queued or running jobs (queue not drained)");
        }
        return new HistoryVerdict(violations, acknowledgedIds.Count, final.Jobs.Count, lost);
    }

    private static void CheckJob(StoredJob job, List<LedgerEntry> lines, decimal? expectedEscrow, List<string> violations)
    {
        var id = job.JobId;
        if (!job.State.IsTerminal())
        {
            violations.Add($"job {id} ended the run {job.State.ToWire()}, not in a terminal state");
        }
        var terminal = job.Transitions.Where(transition => transition.To.IsTerminal()).ToList();
        if (terminal.Count != 1)
        {
            violations.Add($"job {id} has {terminal.Count} terminal transitions ({string.Join(", ", terminal.Select(t => t.To.ToWire()))}), not exactly one");
        }
        else if (job.Transitions[^1].To != job.State)
        {
            violations.Add($"job {id} is {job.State.ToWire()} but its terminal transition says {terminal[0].To.ToWire()} or is not its last");
        }

        var escrows = lines.Where(line => line.Kind == LedgerKind.Escrow).ToList();
        var releases = lines.Where(line => line.Kind == LedgerKind.Release).ToList();
        var charges = lines.Where(line => line.Kind == LedgerKind.Charge).ToList();
        if (escrows.Count != 1)
        {
            violations.Add($"job {id} has {escrows.Count} escrow lines, not one");
        }
        else if (expectedEscrow is { } amount && escrows[0].Amount != amount)
        {
            violations.Add($"job {id} escrowed {escrows[0].Amount} but was acknowledged with {amount}");
        }
        else if (escrows[0].Amount != job.EstimatedCost)
        {
            violations.Add($"job {id} escrowed {escrows[0].Amount} but its record estimates {job.EstimatedCost}");
        }
        if (job.State.IsTerminal() && releases.Count != 1)
        {
            violations.Add($"job {id} ended {job.State.ToWire()} with {releases.Count} releases of its escrow, not one (settled {(releases.Count == 0 ? "never" : "twice")})");
        }
        else if (job.State.IsTerminal() && escrows.Count == 1 && releases[0].Amount != escrows[0].Amount)
        {
            violations.Add($"job {id} released {releases[0].Amount} of an escrow of {escrows[0].Amount}");
        }
        var expectedCharges = job.State == JobState.Completed ? 1 : 0;
        if (job.State.IsTerminal() && charges.Count != expectedCharges)
        {
            violations.Add($"job {id} ended {job.State.ToWire()} with {charges.Count} charges, expected {expectedCharges}");
        }
        else if (job.State == JobState.Completed && charges[0].Amount != job.ActualCost)
        {
            violations.Add($"job {id} was charged {charges[0].Amount} but its completion recorded a cost of {job.ActualCost?.ToString(CultureInfo.InvariantCulture) ?? "none"}");
        }
        if (job.State == JobState.Completed && !job.HasResult)
        {
            violations.Add($"job {id} completed without a stored result");
        }
        if (!job.State.IsTerminal() && (releases.Count > 0 || charges.Count > 0))
        {
            violations.Add($"job {id} is settled but still {job.State.ToWire()}");
        }
    }
}
