namespace QBroker.Contracts.Jobs;

/// <summary>
/// One recorded state change of a job, with when and why. <see cref="From"/> is null for the submission itself.
/// <see cref="Silo"/> is set on the start of an execution attempt: the silo (its address, "ip:port@generation") whose
/// device runs it, so an operator can tell where each attempt ran and what a silo's drain handed over. The attempt's
/// outcome, the next transition, comes from that same execution.
/// </summary>
[GenerateSerializer, Immutable, Alias("qbroker.JobTransition")]
public sealed record JobTransition(
    [property: Id(0)] JobState? From,
    [property: Id(1)] JobState To,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string Reason,
    [property: Id(4)] string? Silo = null);
