using System.Text.Json;
using Microsoft.Extensions.Options;
using QBroker.Contracts.Qkd;
using QBroker.Grains.Qkd;

namespace QBroker.Silo.Qkd;

/// <summary>
/// ETSI GS QKD 014 V1.1.1 key delivery under /api/v1/keys: status, enc_keys (master) and dec_keys (slave), with
/// the standard's field names and its error shape and codes: 400 for a bad request, 401 when the caller is not an
/// SAE, 503 when no key can be served now. Errors are {"message", "details"} JSON, not problem documents, because
/// ETSI clients parse that shape.
/// </summary>
public static class EtsiKeyEndpoints
{
    private const long MaxBodyBytes = 64 * 1024;

    public static void MapEtsiKeyEndpoints(this IEndpointRouteBuilder routes)
    {
        var keys = routes.MapGroup("/api/v1/keys").WithTags("QKD key delivery (ETSI GS QKD 014)");
        keys.MapGet("/{slave_SAE_ID}/status", StatusAsync).Produces<EtsiStatus>().Produces<EtsiError>(400).Produces<EtsiError>(401).Produces<EtsiError>(503);
        keys.MapGet("/{slave_SAE_ID}/enc_keys", GetEncKeysAsync).Produces<EtsiKeyContainer>().Produces<EtsiError>(400).Produces<EtsiError>(401).Produces<EtsiError>(503);
        keys.MapPost("/{slave_SAE_ID}/enc_keys", PostEncKeysAsync).Accepts<EtsiKeyRequest>("application/json").Produces<EtsiKeyContainer>().Produces<EtsiError>(400).Produces<EtsiError>(401).Produces<EtsiError>(503);
        keys.MapGet("/{master_SAE_ID}/dec_keys", GetDecKeysAsync).Produces<EtsiKeyContainer>().Produces<EtsiError>(400).Produces<EtsiError>(401).Produces<EtsiError>(503);
        keys.MapPost("/{master_SAE_ID}/dec_keys", PostDecKeysAsync).Accepts<EtsiKeyIds>("application/json").Produces<EtsiKeyContainer>().Produces<EtsiError>(400).Produces<EtsiError>(401).Produces<EtsiError>(503);
    }

    private static async Task<IResult> StatusAsync(string slave_SAE_ID, HttpContext context, QkdNetwork network, IOptions<QkdOptions> options, IGrainFactory grains)
    {
        var (master, refusal) = Authorize(context, network, slave_SAE_ID);
        if (refusal is not null)
        {
            return refusal;
        }
        var qkd = options.Value;
        var keyBytes = qkd.DefaultKeySizeBits / 8;
        var capacity = await grains.GetGrain<IKeyDeliveryGrain>(IKeyDeliveryGrain.KeyOf(master!, slave_SAE_ID)).GetCapacity(keyBytes);
        if (capacity is null)
        {
            return EtsiError.Unavailable($"No path of QKD links joins '{master}' and '{slave_SAE_ID}'.");
        }
        return Results.Json(new EtsiStatus(
            SaeIdentity.KmeOf(master!),
            SaeIdentity.KmeOf(slave_SAE_ID),
            master!,
            slave_SAE_ID,
            qkd.DefaultKeySizeBits,
            capacity.StoredBytes / keyBytes,
            capacity.CapacityBytes / keyBytes,
            qkd.MaxKeysPerRequest,
            qkd.MaxKeySizeBits,
            qkd.MinKeySizeBits,
            MaxSaeIdCount: 0), EtsiError.Json);
    }

    private static Task<IResult> GetEncKeysAsync(string slave_SAE_ID, HttpContext context, QkdNetwork network, IOptions<QkdOptions> options, IGrainFactory grains)
    {
        var query = context.Request.Query;
        if (!TryParseOptional(query["number"], out var number) || !TryParseOptional(query["size"], out var size))
        {
            return Task.FromResult(EtsiError.BadRequest("'number' and 'size' must be integers."));
        }
        return EncKeysAsync(slave_SAE_ID, new EtsiKeyRequest(number, size, null, null, null), context, network, options, grains);
    }

    private static async Task<IResult> PostEncKeysAsync(string slave_SAE_ID, HttpContext context, QkdNetwork network, IOptions<QkdOptions> options, IGrainFactory grains)
    {
        var (request, error) = await ReadBodyAsync<EtsiKeyRequest>(context);
        if (error is not null)
        {
            return error;
        }
        return await EncKeysAsync(slave_SAE_ID, request ?? new EtsiKeyRequest(null, null, null, null, null), context, network, options, grains);
    }

    private static async Task<IResult> EncKeysAsync(string slave, EtsiKeyRequest request, HttpContext context, QkdNetwork network, IOptions<QkdOptions> options, IGrainFactory grains)
    {
        var (master, refusal) = Authorize(context, network, slave);
        if (refusal is not null)
        {
            return refusal;
        }
        var qkd = options.Value;
        var number = request.Number ?? 1;
        var size = request.Size ?? qkd.DefaultKeySizeBits;
        if (number < 1 || number > qkd.MaxKeysPerRequest)
        {
            return EtsiError.BadRequest($"'number' must lie between 1 and max_key_per_request ({qkd.MaxKeysPerRequest}).", ("number", number));
        }
        if (size % 8 != 0 || size < qkd.MinKeySizeBits || size > qkd.MaxKeySizeBits)
        {
            return EtsiError.BadRequest($"'size' must be a multiple of 8 between min_key_size ({qkd.MinKeySizeBits}) and max_key_size ({qkd.MaxKeySizeBits}) bits.", ("size", size));
        }
        if (request.AdditionalSlaveSaeIds is { Count: > 0 })
        {
            return EtsiError.BadRequest("This KME does not multicast keys (max_SAE_ID_count is 0).", ("additional_slave_SAE_IDs", request.AdditionalSlaveSaeIds));
        }
        if (request.ExtensionMandatory is { Count: > 0 } mandatory)
        {
            return EtsiError.BadRequest("This KME supports no extensions, and mandatory extensions must be honoured.", ("extension_mandatory", mandatory));
        }
        var outcome = await grains.GetGrain<IKeyDeliveryGrain>(IKeyDeliveryGrain.KeyOf(master!, slave)).Issue(number, size / 8);
        return outcome.Failure == KeyDeliveryFailure.None
            ? Container(outcome)
            : EtsiError.Unavailable(outcome.Message ?? "Keys are not available.");
    }

    private static Task<IResult> GetDecKeysAsync(string master_SAE_ID, HttpContext context, QkdNetwork network, IGrainFactory grains)
    {
        var ids = context.Request.Query["key_ID"].Select(id => new EtsiKeyId(id)).ToList();
        return DecKeysAsync(master_SAE_ID, ids, context, network, grains);
    }

    private static async Task<IResult> PostDecKeysAsync(string master_SAE_ID, HttpContext context, QkdNetwork network, IGrainFactory grains)
    {
        var (request, error) = await ReadBodyAsync<EtsiKeyIds>(context);
        if (error is not null)
        {
            return error;
        }
        return await DecKeysAsync(master_SAE_ID, request?.KeyIds ?? [], context, network, grains);
    }

    private static async Task<IResult> DecKeysAsync(string master, IReadOnlyList<EtsiKeyId> keyIds, HttpContext context, QkdNetwork network, IGrainFactory grains)
    {
        var (slave, refusal) = Authorize(context, network, master);
        if (refusal is not null)
        {
            return refusal;
        }
        if (keyIds.Count == 0)
        {
            return EtsiError.BadRequest("Give at least one key_ID.");
        }
        var ids = new List<Guid>(keyIds.Count);
        foreach (var keyId in keyIds)
        {
            if (!Guid.TryParseExact(keyId.KeyId, "D", out var id))
            {
                return EtsiError.BadRequest("Every key_ID must be a UUID (RFC 4122).", ("key_ID", keyId.KeyId ?? "null"));
            }
            ids.Add(id);
        }
        var outcome = await grains.GetGrain<IKeyDeliveryGrain>(IKeyDeliveryGrain.KeyOf(master, slave!)).Claim(ids);
        return outcome.Failure == KeyDeliveryFailure.None
            ? Container(outcome)
            : EtsiError.BadRequest(outcome.Message ?? "The key IDs are not valid.");
    }

    /// <summary>The caller's SAE id, after checking it may address <paramref name="peer"/>; or the error to return.</summary>
    private static (string? Sae, IResult? Refusal) Authorize(HttpContext context, QkdNetwork network, string peer)
    {
        var (sae, refusal) = SaeIdentity.Resolve(context, network);
        if (sae is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return (null, EtsiError.Unauthorized(refusal!));
        }
        if (!network.IsSaeSite(peer))
        {
            return (null, EtsiError.BadRequest($"Unknown SAE '{peer}'.", ("SAE_ID", peer)));
        }
        if (peer == sae)
        {
            return (null, EtsiError.BadRequest("An SAE cannot share keys with itself.", ("SAE_ID", peer)));
        }
        return (sae, null);
    }

    private static IResult Container(KeyDeliveryOutcome outcome) =>
        Results.Json(new EtsiKeyContainer([.. outcome.Keys.Select(k => new EtsiKey(k.KeyId.ToString("D"), Convert.ToBase64String(k.Key)))]), EtsiError.Json);

    private static bool TryParseOptional(string? text, out int? value)
    {
        value = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        if (int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
        {
            value = parsed;
            return true;
        }
        return false;
    }

    /// <summary>The JSON body, null when there is none (every ETSI request field is optional), or a 400.</summary>
    private static async Task<(T? Value, IResult? Error)> ReadBodyAsync<T>(HttpContext context)
        where T : class
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return (null, EtsiError.BadRequest($"The request body exceeds {MaxBodyBytes} bytes."));
        }
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        if (buffer.Length == 0)
        {
            return (null, null);
        }
        if (buffer.Length > MaxBodyBytes)
        {
            return (null, EtsiError.BadRequest($"The request body exceeds {MaxBodyBytes} bytes."));
        }
        try
        {
            return (JsonSerializer.Deserialize<T>(buffer.ToArray(), EtsiError.Json), null);
        }
        catch (JsonException error)
        {
            return (null, EtsiError.BadRequest("The request body is not a valid JSON object of this request.",
                ("line", (error.LineNumber ?? 0) + 1), ("column", (error.BytePositionInLine ?? 0) + 1)));
        }
    }
}
