using QBroker.Grains.Qkd;
using QBroker.Silo.Auth;
using QBroker.Storage.Accounts;

namespace QBroker.Silo.Qkd;

/// <summary>
/// Who an ETSI 014 caller is. ETSI expects mutual TLS; we use the documented fallback of API keys: an SAE is an
/// institution's application and authenticates with that institution's admin key, so the SAE id is the
/// institution id (which is also the site id of its KME in the QKD network). Other keys identify no SAE.
/// </summary>
public static class SaeIdentity
{
    /// <summary>The caller's SAE id, or the reason the caller is not an SAE of this network (401).</summary>
    public static (string? SaeId, string? Refusal) Resolve(HttpContext context, QkdNetwork network)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            return (null, "Authenticate as an SAE: send the institution admin API key as 'Authorization: Bearer <key>'.");
        }
        var caller = Caller.From(context.User);
        if (caller.Role != Role.Admin || caller.InstitutionId is null)
        {
            return (null, "This key identifies no SAE: SAEs use their institution's admin key.");
        }
        if (!network.IsSaeSite(caller.InstitutionId))
        {
            return (null, $"Institution '{caller.InstitutionId}' has no QKD site, so it is not an SAE of this network.");
        }
        return (caller.InstitutionId, null);
    }

    /// <summary>The KME serving a site; one per site.</summary>
    public static string KmeOf(string site) => "kme-" + site;
}
