using QBroker.Client.Api;
using QBroker.Contracts.Scheduling;
using QBroker.Silo.Auth;
using QBroker.Storage.Accounts;

namespace QBroker.Silo.Api;

/// <summary>
/// <c>GET /api/v1/cluster</c>: where the scheduler lives, so an operator can tell which silo's loss or drain costs a
/// scheduler recovery (and a failure test can aim at it).
/// </summary>
public static class ClusterEndpoints
{
    public static void MapClusterEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/cluster", GetAsync).RequireAuthorization().WithTags("Cluster").Produces<ClusterView>().ProducesProblem(403);
    }

    private static async Task<IResult> GetAsync(HttpContext context, IGrainFactory grains, ILocalSiloDetails silo)
    {
        if (Caller.From(context.User).Role != Role.Operator)
        {
            return ApiError.Forbidden("Only operators see the cluster's layout.").ToResult(context);
        }
        // The directory's last known placement; it does not activate the scheduler where none runs.
        var scheduler = await grains.GetGrain<IManagementGrain>(0).GetActivationAddress(grains.GetGrain<ISchedulerGrain>(ISchedulerGrain.DefaultKey));
        return Results.Ok(new ClusterView { Silo = silo.SiloAddress.ToParsableString(), Scheduler = scheduler?.ToParsableString() });
    }
}
