using System.Text.Json;
using System.Text.Json.Nodes;
using QBroker.Contracts.Qkd;
using QBroker.Grains.Qkd;
using QBroker.Silo.Api;
using QBroker.Silo.Auth;
using QBroker.Storage;
using QBroker.Storage.Accounts;

namespace QBroker.Silo.Qkd;

/// <summary>
/// /api/v1/qkd/links: list and show links; operators create and delete links; operators (any link) and institution
/// admins (links at their site) put or remove an eavesdropper.
/// </summary>
public static class QkdLinkEndpoints
{
    public static void MapQkdLinkEndpoints(this IEndpointRouteBuilder routes)
    {
        var links = routes.MapGroup("/api/v1/qkd/links").RequireAuthorization().WithTags("QKD links");
        links.MapGet("/", ListAsync).Produces<LinkView[]>();
        links.MapPost("/", CreateAsync).Accepts<CreateLinkRequest>("application/json").Produces<LinkView>(201)
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(409);
        links.MapGet("/{id}", GetAsync).Produces<LinkView>().ProducesProblem(404);
        links.MapPatch("/{id}", PatchAsync).Produces<LinkView>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        links.MapDelete("/{id}", DeleteAsync).Produces(204).ProducesProblem(403).ProducesProblem(404);
    }

    private static async Task<IResult> ListAsync(QkdNetwork network, IGrainFactory grains)
    {
        var snapshots = await Task.WhenAll(network.Links.Select(l => SnapshotUnlessDeletedAsync(grains, l.Id)));
        return Results.Ok(snapshots.OfType<LinkSnapshot>().Select(LinkView.From).OrderBy(v => v.Id, StringComparer.Ordinal).ToList());
    }

    /// <summary>A link deleted between reading the network and asking its grain is left out of the list.</summary>
    private static async Task<LinkSnapshot?> SnapshotUnlessDeletedAsync(IGrainFactory grains, string id)
    {
        try
        {
            return await grains.GetGrain<ILinkGrain>(id).GetSnapshot();
        }
        catch (KeyNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Records the deletion durably (so a restart neither re-creates a built-in link nor reloads a created one), takes
    /// the link out of the network (relay paths stop using it), then stops the grain, wipes its key from storage and
    /// drops every key-delivery reserve drawn through it (<see cref="LinkRemoval"/>).
    /// </summary>
    private static async Task<IResult> DeleteAsync(string id, HttpContext context, QkdNetwork network, IGrainFactory grains, SqlDatabase database)
    {
        if (Caller.From(context.User).Role != Role.Operator)
        {
            return ApiError.Forbidden("Only operators delete QKD links.").ToResult(context);
        }
        if (!network.TryGet(id, out _))
        {
            return ApiError.NotFound($"There is no QKD link '{id}'.").ToResult(context);
        }
        await grains.GetGrain<IQkdNetworkGrain>(IQkdNetworkGrain.Key).RemoveLink(id);
        network.TryRemove(id);
        await LinkRemoval.WipeAsync(grains, database, id);
        return Results.NoContent();
    }

    /// <summary>
    /// Records the link durably, adds it to the running network and activates its grain, so it starts producing key
    /// at once and again after every restart.
    /// </summary>
    private static async Task<IResult> CreateAsync(HttpContext context, QkdNetwork network, IGrainFactory grains)
    {
        if (Caller.From(context.User).Role != Role.Operator)
        {
            return ApiError.Forbidden("Only operators create QKD links.").ToResult(context);
        }
        var (request, bodyError) = await JsonBody.ReadAsync<CreateLinkRequest>(context, 64 * 1024);
        if (bodyError is not null)
        {
            return bodyError.ToResult(context);
        }
        var (link, errors) = request!.ToDefinition();
        if (link is null)
        {
            return new ApiError(400, "/problems/validation", "The link is invalid", string.Join(" ", errors.SelectMany(e => e.Value.Select(v => $"{e.Key}: {v}"))))
            {
                Extensions = new Dictionary<string, object?> { ["errors"] = errors },
            }.ToResult(context);
        }
        if (network.TryGet(link.Id, out _) || !await grains.GetGrain<IQkdNetworkGrain>(IQkdNetworkGrain.Key).AddLink(link))
        {
            return ApiError.Conflict($"A QKD link '{link.Id}' exists already.").ToResult(context);
        }
        network.TryAdd(link);
        var created = await grains.GetGrain<ILinkGrain>(link.Id).GetSnapshot();
        return Results.Created($"/api/v1/qkd/links/{link.Id}", LinkView.From(created));
    }

    private static async Task<IResult> GetAsync(string id, HttpContext context, QkdNetwork network, IGrainFactory grains)
    {
        if (!network.TryGet(id, out _))
        {
            return ApiError.NotFound($"There is no QKD link '{id}'.").ToResult(context);
        }
        return Results.Ok(LinkView.From(await grains.GetGrain<ILinkGrain>(id).GetSnapshot()));
    }

    /// <summary>Body {"eavesdropper": {"kind": "intercept-resend", "fraction": 0.5}} puts one on; {"eavesdropper": null} removes it.</summary>
    private static async Task<IResult> PatchAsync(string id, HttpContext context, QkdNetwork network, IGrainFactory grains)
    {
        if (!network.TryGet(id, out var link))
        {
            return ApiError.NotFound($"There is no QKD link '{id}'.").ToResult(context);
        }
        var caller = Caller.From(context.User);
        var allowed = caller.Role == Role.Operator || (caller.Role == Role.Admin && caller.InstitutionId is { } site && link.Joins(site));
        if (!allowed)
        {
            return ApiError.Forbidden("Only operators, and admins of an institution at either end, change a link.").ToResult(context);
        }
        var (patch, bodyError) = await JsonBody.ReadAsync<JsonObject>(context, 64 * 1024);
        if (bodyError is not null)
        {
            return bodyError.ToResult(context);
        }
        if (!patch!.TryGetPropertyValue("eavesdropper", out var eve))
        {
            return ApiError.MissingField("eavesdropper", "Send {\"eavesdropper\": {\"kind\": ..., \"fraction\": ...}} or {\"eavesdropper\": null}.").ToResult(context);
        }
        EavesdropperSpec? spec = null;
        if (eve is not null)
        {
            EavesdropperView? view;
            try
            {
                view = eve is JsonObject ? eve.Deserialize<EavesdropperView>(ApiJson.Options) : null;
            }
            catch (JsonException)
            {
                view = null;
            }
            if (view?.Kind is null || eve["fraction"] is null)
            {
                return ApiError.Invalid("eavesdropper", "The eavesdropper needs a 'kind' and a 'fraction'.").ToResult(context);
            }
            spec = new EavesdropperSpec(view.Kind, view.Fraction);
            if (LinkPhysics.Validate(spec) is { Count: > 0 } problems)
            {
                return ApiError.Invalid("eavesdropper", string.Join(" ", problems)).ToResult(context);
            }
        }
        return Results.Ok(LinkView.From(await grains.GetGrain<ILinkGrain>(id).SetEavesdropper(spec)));
    }
}
