using QBroker.Contracts.Qkd;
using QBroker.Grains.Qkd;
using QBroker.Silo.Api;

namespace QBroker.Silo.Qkd;

/// <summary>
/// /api/v1/qkd/channels/{peer}/messages: an institution (its admin key, as for ETSI key delivery) sends data to a
/// peer institution encrypted with QKD key, and reads what peers sent it. No key: 503, and nothing is sent.
/// </summary>
public static class QkdChannelEndpoints
{
    /// <summary>
    /// Body of a send: mode "aes-gcm" (default), "one-time-pad", or "hybrid" (AES-256-GCM under a key derived from the
    /// QKD key and an ML-KEM-768 shared secret), and the data in base64.
    /// </summary>
    public sealed record SendRequest(string? Mode, string? Data);

    public sealed record SendResponse(long Sequence);

    public sealed record ReceivedMessage(long Sequence, string Mode, string Data);

    public static void MapQkdChannelEndpoints(this IEndpointRouteBuilder routes)
    {
        var channels = routes.MapGroup("/api/v1/qkd/channels").RequireAuthorization().WithTags("QKD channels");
        channels.MapPost("/{peer}/messages", SendAsync).Produces<SendResponse>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(503);
        channels.MapGet("/{peer}/messages", ReceiveAsync).Produces<ReceivedMessage[]>().ProducesProblem(403).ProducesProblem(409);
    }

    private static async Task<IResult> SendAsync(string peer, HttpContext context, QkdNetwork network, IGrainFactory grains)
    {
        var (site, error) = Authorize(context, network, peer);
        if (error is not null)
        {
            return error.ToResult(context);
        }
        var (request, bodyError) = await JsonBody.ReadAsync<SendRequest>(context, 256 * 1024);
        if (bodyError is not null)
        {
            return bodyError.ToResult(context);
        }
        byte[] data;
        try
        {
            data = Convert.FromBase64String(request!.Data ?? throw new FormatException());
        }
        catch (FormatException)
        {
            return ApiError.Invalid("data", "Send the message as base64 in 'data'.").ToResult(context);
        }
        var outcome = await grains.GetGrain<IChannelGrain>(IKeyDeliveryGrain.KeyOf(site!, peer)).Send(request.Mode ?? "aes-gcm", data);
        return outcome.Failure switch
        {
            null => Results.Ok(new SendResponse(outcome.Sequence!.Value)),
            "invalid-mode" => ApiError.Invalid("mode", outcome.Message!).ToResult(context),
            _ => new ApiError(503, "/problems/no-qkd-key", "No QKD key available", outcome.Message!).ToResult(context),
        };
    }

    private static async Task<IResult> ReceiveAsync(string peer, HttpContext context, QkdNetwork network, IGrainFactory grains)
    {
        var (site, error) = Authorize(context, network, peer);
        if (error is not null)
        {
            return error.ToResult(context);
        }
        var outcome = await grains.GetGrain<IChannelGrain>(IKeyDeliveryGrain.KeyOf(peer, site!)).Receive();
        if (outcome.Failure is not null && outcome.Messages.Count == 0)
        {
            return ApiError.Conflict($"The next message from '{peer}' cannot be opened ({outcome.Failure}): {outcome.Message}").ToResult(context);
        }
        return Results.Ok(outcome.Messages.Select(m => new ReceivedMessage(m.Sequence, m.Mode, Convert.ToBase64String(m.Plaintext))).ToList());
    }

    private static (string? Site, ApiError? Error) Authorize(HttpContext context, QkdNetwork network, string peer)
    {
        var (site, refusal) = SaeIdentity.Resolve(context, network);
        if (site is null)
        {
            return (null, ApiError.Forbidden(refusal!));
        }
        if (!network.IsSaeSite(peer) || peer == site)
        {
            return (null, ApiError.BadRequest($"'{peer}' is not a peer institution with a QKD site."));
        }
        return (site, null);
    }
}
