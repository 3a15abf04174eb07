using System.Text.Json;
using System.Text.Json.Nodes;
using QBroker.Backends.Qkd;
using QBroker.Client.Api;
using QBroker.Contracts.Jobs;
using QBroker.Contracts.Scheduling;
using QBroker.Grains.Devices;

namespace QBroker.Silo.Api;

/// <summary>Maps durable job records to the API's views.</summary>
public static class JobViews
{
    public static JobView ToView(JobRecord job, QueueTicket? ticket = null, IReadOnlyList<JobTransition>? transitions = null, bool? duplicate = null)
    {
        var spec = job.Spec;
        return new JobView
        {
            Id = job.Id.ToString(),
            State = job.State.ToWire(),
            Kind = spec.Kind,
            Name = spec.Name,
            Owner = spec.OwnerId,
            Institution = spec.InstitutionId,
            Project = spec.ProjectId,
            Device = job.PlacedDeviceId ?? spec.DeviceId,
            Requirements = spec.Requirements is { } requirements
                ? new JobRequirements { MinQubits = requirements.MinQubits, DeviceKind = requirements.DeviceKind, Providers = requirements.Providers, Optimize = requirements.Optimize }
                : null,
            Shots = spec.Shots,
            Priority = spec.Priority,
            Tags = spec.Tags,
            ClientToken = spec.ClientToken,
            CreatedAt = job.CreatedAt,
            StartedAt = job.StartedAt,
            FinishedAt = job.FinishedAt,
            QueuePosition = ticket?.Position,
            EstimatedStart = ticket?.EstimatedStart,
            EstimatedCost = spec.EstimatedCost,
            ActualCost = job.ActualCost,
            Attempts = job.Attempts,
            Error = job.Error,
            Duplicate = duplicate,
            Transitions = transitions is null
                ? []
                : [.. transitions.Select(t => new JobTransitionView(t.From?.ToWire(), t.To.ToWire(), t.At, t.Reason, t.Silo))],
        };
    }

    public static JobResultView ToView(JobResult result, JobRecord job) => new()
    {
        Id = job.Id.ToString(),
        Device = result.DeviceId,
        Shots = job.Spec.Shots,
        Counts = result.Counts,
        Engine = result.Engine,
        DeviceTimeSeconds = result.DeviceTime.TotalSeconds,
        CompletedAt = result.CompletedAt,
        Qkd = job.Spec.Kind == WorkloadCompiler.QkdKind ? QkdTable(result, job) : null,
    };

    /// <summary>A qkd job's table, with the address of its plot when it is a sweep (docs/qkd-job-format.md).</summary>
    private static JsonElement QkdTable(JobResult result, JobRecord job)
    {
        var report = QkdReport(result, job);
        var table = JsonSerializer.SerializeToNode(report, ApiJson.Options)!.AsObject();
        if (report.SweepVariable is not null)
        {
            table["plot"] = $"/api/v1/jobs/{job.Id}/result?format=svg";
        }
        return JsonSerializer.SerializeToElement(table, ApiJson.Options);
    }

    /// <summary>The SVG plot of a qkd sweep; null for a job that has none (another kind, or a single session).</summary>
    public static string? QkdPlot(JobResult result, JobRecord job) =>
        job.Spec.Kind == WorkloadCompiler.QkdKind && QkdReport(result, job) is { SweepVariable: not null } report ? QkdExperimentPlot.Svg(report) : null;

    private static QkdExperimentReport QkdReport(JobResult result, JobRecord job) =>
        QkdExperimentReport.FromCounts(QkdExperimentJson.Parse(job.Spec.Payload), result.Counts);
}
