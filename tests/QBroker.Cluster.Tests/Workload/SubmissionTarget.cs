namespace QBroker.Cluster.Tests.Workload;

/// <summary>A silo the workload submits to, and the researcher key it accepts.</summary>
public sealed record SubmissionTarget(Uri BaseAddress, string ResearcherKey);
