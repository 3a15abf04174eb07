namespace QBroker.Contracts.Jobs;

/// <summary>One recorded state change of a job, with when and why. <see cref="From"/> is null for the submission itself.</summary>
[GenerateSerializer, Immutable, Alias("qbroker.JobTransition")]
public sealed record JobTransition(
    [property: Id(0)] JobState? From,
    [property: Id(1)] JobState To,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string Reason);
