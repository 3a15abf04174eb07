using System.Diagnostics;
using Microsoft.Extensions.Options;
using QBroker.Client.Api;
using QBroker.Contracts.Jobs;
using QBroker.Contracts.Scheduling;
using QBroker.Silo.Auth;
using QBroker.Silo.Hosting;
using QBroker.Storage.Jobs;

namespace QBroker.Silo.Api;

/// <summary>/api/v1/jobs: submit, list, show, result, cancel.</summary>
public static class JobEndpoints
{
    public static void MapJobEndpoints(this IEndpointRouteBuilder routes)
    {
        var jobs = routes.MapGroup("/api/v1/jobs").RequireAuthorization().WithTags("Jobs");
        jobs.MapPost("/", SubmitAsync)
            .Accepts<SubmitJobRequest>("application/json")
            .Produces<JobView>(StatusCodes.Status202Accepted)
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(402).ProducesProblem(403).ProducesProblem(409).ProducesProblem(413).ProducesProblem(422);
        jobs.MapGet("/", ListAsync).Produces<JobPage>().ProducesProblem(400);
        jobs.MapGet("/{id}", GetAsync).Produces<JobView>().ProducesProblem(404);
        jobs.MapGet("/{id}/result", GetResultAsync).Produces<JobResultView>().Produces<string>(200, "image/svg+xml").ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        jobs.MapPost("/{id}/cancel", CancelAsync).Produces<JobView>().ProducesProblem(404).ProducesProblem(409);
    }

    private static async Task<IResult> SubmitAsync(
        HttpContext context, SubmissionValidator validator, IGrainFactory grains, IOptions<QBrokerHostOptions> options)
    {
        var (request, bodyError) = await JsonBody.ReadAsync<SubmitJobRequest>(context, options.Value.MaxRequestBytes);
        if (bodyError is not null)
        {
            return bodyError.ToResult(context);
        }
        var (accepted, error) = validator.Validate(request!, Caller.From(context.User));
        if (error is not null)
        {
            return error.ToResult(context);
        }
        // The request's span goes with the job, so its submit span joins the request's trace even when no grain-call
        // filter carries the context (QBroker:Telemetry:GrainCallSpans off); the job grain replaces it with the submit span.
        var spec = Activity.Current is { Recorded: true, Id: { } requestSpan } ? accepted!.Spec with { TraceParent = requestSpan } : accepted!.Spec;
        var outcome = await grains.GetGrain<IJobGrain>(accepted.JobId).Submit(spec);
        if (outcome.Status == SubmitStatus.BudgetExceeded)
        {
            return ApiError.BudgetExceeded(outcome.Message ?? "The job does not fit the remaining budget.").ToResult(context);
        }
        if (outcome.Status == SubmitStatus.Conflict)
        {
            return ApiError.Conflict($"clientToken '{accepted.Spec.ClientToken}' was already used for a different submission (job {outcome.Record.Id}).").ToResult(context);
        }
        var view = JobViews.ToView(outcome.Record, outcome.Ticket, duplicate: outcome.Status == SubmitStatus.Duplicate) with
        {
            BudgetWarning = outcome.Status == SubmitStatus.Created ? outcome.Message : null,
        };
        return Results.Accepted($"/api/v1/jobs/{view.Id}", view);
    }

    private static async Task<IResult> ListAsync(HttpContext context, IJobStore store)
    {
        var caller = Caller.From(context.User);
        var query = context.Request.Query;
        var filter = new JobFilter
        {
            Tag = NonEmpty(query["tag"]),
            DeviceId = NonEmpty(query["device"]),
            OwnerId = NonEmpty(query["owner"]),
        };
        if (NonEmpty(query["state"]) is { } stateText)
        {
            if (!JobStateExtensions.TryParseWire(stateText, out var state))
            {
                return ApiError.Invalid("state", $"Unknown state '{stateText}'. States: {string.Join(", ", JobStates.All)}.").ToResult(context);
            }
            filter = filter with { State = state };
        }
        if (NonEmpty(query["limit"]) is { } limitText)
        {
            if (!int.TryParse(limitText, out var limit) || limit is < 1 or > 500)
            {
                return ApiError.Invalid("limit", "limit must be an integer from 1 to 500.").ToResult(context);
            }
            filter = filter with { Limit = limit };
        }
        foreach (var (name, apply) in new (string, Func<DateTimeOffset, JobFilter>)[]
                 {
                     ("since", at => filter with { Since = at }),
                     ("until", at => filter with { Until = at }),
                 })
        {
            if (NonEmpty(query[name]) is { } text)
            {
                if (!DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at))
                {
                    return ApiError.Invalid(name, $"{name} must be an ISO 8601 time, e.g. 2026-11-25T09:00:00Z.").ToResult(context);
                }
                filter = apply(at);
            }
        }
        if (NonEmpty(query["cursor"]) is { } cursorText)
        {
            if (!JobCursor.TryDecode(cursorText, out var cursor))
            {
                return ApiError.Invalid("cursor", "cursor is not one this API issued.").ToResult(context);
            }
            filter = filter with { After = cursor };
        }
        filter = caller.Role switch
        {
            Storage.Accounts.Role.Researcher => filter with { OwnerId = caller.SubjectId },
            Storage.Accounts.Role.Admin => filter with { InstitutionId = caller.InstitutionId },
            _ => filter,
        };
        if (caller.Role == Storage.Accounts.Role.Researcher && NonEmpty(query["owner"]) is { } owner && owner != caller.SubjectId)
        {
            return Results.Ok(new JobPage([], null));
        }
        var page = await store.QueryAsync(filter);
        return Results.Ok(new JobPage([.. page.Items.Select(job => JobViews.ToView(job))], page.Next?.Encode()));
    }

    private static async Task<IResult> GetAsync(string id, HttpContext context, IJobStore store, IGrainFactory grains)
    {
        var (job, error) = await FindVisibleAsync(id, context, store);
        if (error is not null)
        {
            return error.ToResult(context);
        }
        var ticket = job!.State.IsWaiting() ? await grains.GetGrain<ISchedulerGrain>(ISchedulerGrain.DefaultKey).GetTicket(job.Id) : null;
        var transitions = await store.GetTransitionsAsync(job.Id);
        return Results.Ok(JobViews.ToView(job, ticket, transitions));
    }

    private static async Task<IResult> GetResultAsync(string id, HttpContext context, IJobStore store)
    {
        var (job, error) = await FindVisibleAsync(id, context, store);
        if (error is not null)
        {
            return error.ToResult(context);
        }
        if (job!.State != JobState.Completed || await store.GetResultAsync(job.Id) is not { } result)
        {
            return ApiError.Conflict($"Job {id} is {job.State.ToWire()}; a result exists only once it has completed.").ToResult(context);
        }
        var format = NonEmpty(context.Request.Query["format"]) ?? "json";
        if (format == "svg")
        {
            return JobViews.QkdPlot(result, job) is { } svg
                ? Results.Text(svg, "image/svg+xml")
                : ApiError.Invalid("format", $"Job {id} has no plot: format=svg is for qkd jobs with a sweep.").ToResult(context);
        }
        if (format != "json")
        {
            return ApiError.Invalid("format", $"format must be json or svg (got '{format}').").ToResult(context);
        }
        return Results.Ok(JobViews.ToView(result, job));
    }

    private static async Task<IResult> CancelAsync(string id, HttpContext context, IJobStore store, IGrainFactory grains)
    {
        var (job, error) = await FindVisibleAsync(id, context, store);
        if (error is not null)
        {
            return error.ToResult(context);
        }
        var caller = Caller.From(context.User);
        var outcome = await grains.GetGrain<IJobGrain>(job!.Id).Cancel($"cancelled by {caller.Role.ToString().ToLowerInvariant()} {caller.SubjectId}");
        if (!outcome.Changed)
        {
            return ApiError.Conflict($"Job {id} is already {outcome.Record?.State.ToWire() ?? job.State.ToWire()}.").ToResult(context);
        }
        var transitions = await store.GetTransitionsAsync(job.Id);
        return Results.Ok(JobViews.ToView(outcome.Record!, transitions: transitions));
    }

    /// <summary>Jobs the caller may not see are reported as not found, so ids of others' jobs reveal nothing.</summary>
    private static async Task<(JobRecord? Job, ApiError? Error)> FindVisibleAsync(string id, HttpContext context, IJobStore store)
    {
        if (!Guid.TryParse(id, out var jobId))
        {
            return (null, ApiError.NotFound($"There is no job '{id}'."));
        }
        var job = await store.GetAsync(jobId);
        if (job is null || !Caller.From(context.User).CanSee(job.Spec))
        {
            return (null, ApiError.NotFound($"There is no job '{id}' visible to this key."));
        }
        return (job, null);
    }

    private static string? NonEmpty(Microsoft.Extensions.Primitives.StringValues value) =>
        string.IsNullOrWhiteSpace(value.ToString()) ? null : value.ToString();
}
