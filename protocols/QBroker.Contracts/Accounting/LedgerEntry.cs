namespace QBroker.Contracts.Accounting;

/// <summary>
/// What a ledger entry records. A job has at most one entry of each kind (the store enforces it), which is what
/// makes double escrow or double settlement impossible rather than merely unlikely. Stored by name.
/// </summary>
[GenerateSerializer, Alias("qbroker.LedgerKind")]
public enum LedgerKind
{
    /// <summary>The estimated cost reserved when the job was accepted.</summary>
    Escrow = 0,

    /// <summary>The reservation given back when the job ended (completed, failed or cancelled).</summary>
    Release = 1,

    /// <summary>The actual cost charged when the job completed.</summary>
    Charge = 2,
}

/// <summary>
/// One append-only ledger line. Escrowed = Σ escrow − Σ release; spent = Σ charge; both per institution, project,
/// researcher and device, and over any period.
/// </summary>
[GenerateSerializer, Immutable, Alias("qbroker.LedgerEntry")]
public sealed record LedgerEntry(
    [property: Id(0)] Guid JobId,
    [property: Id(1)] LedgerKind Kind,
    [property: Id(2)] string InstitutionId,
    [property: Id(3)] string ProjectId,
    [property: Id(4)] string ResearcherId,
    [property: Id(5)] string DeviceId,
    [property: Id(6)] decimal Amount,
    [property: Id(7)] DateTimeOffset At);
