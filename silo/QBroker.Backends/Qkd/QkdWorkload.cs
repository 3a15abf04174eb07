namespace QBroker.Backends.Qkd;

/// <summary>A QKD experiment job: one session, or one per point of a sweep, on the QKD testbed.</summary>
public sealed record QkdWorkload(QkdExperiment Experiment) : Workload;
