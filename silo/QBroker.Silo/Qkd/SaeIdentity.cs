using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using QBroker.Grains.Qkd;
using QBroker.Silo.Auth;
using QBroker.Storage.Accounts;

namespace QBroker.Silo.Qkd;

/// <summary>
/// Who an ETSI 014 caller is. Over HTTPS, by mutual TLS as the standard expects: the client certificate, checked by
/// <see cref="SaeCertificateValidator"/>, names the SAE. Over plain HTTP, by the documented fallback of API keys
/// (unless <see cref="SaeTlsOptions.AllowApiKeys"/> is off): an SAE is an institution's application and
/// authenticates with that institution's admin key. Either way the SAE id is an institution id that has a site
/// (and so a KME) in the QKD network.
/// </summary>
public static class SaeIdentity
{
    /// <summary>
    /// A verdict per client certificate object: Kestrel hands the same certificate to every request of a connection,
    /// so the chain is built once per connection, not once per request. Entries go when the connection's
    /// certificate is collected.
    /// </summary>
    private static readonly ConditionalWeakTable<X509Certificate2, CertificateVerdict> Verdicts = [];

    /// <summary>The caller's SAE id, or the reason the caller is not an SAE of this network (401).</summary>
    public static (string? SaeId, string? Refusal) Resolve(HttpContext context, QkdNetwork network)
    {
        var (sae, refusal) = context.Request.IsHttps ? FromCertificate(context) : FromApiKey(context);
        if (sae is null)
        {
            return (null, refusal);
        }
        return network.IsSaeSite(sae) ? (sae, null) : (null, $"'{sae}' has no QKD site, so it is not an SAE of this network.");
    }

    /// <summary>The KME serving a site; one per site.</summary>
    public static string KmeOf(string site) => "kme-" + site;

    private static (string? SaeId, string? Refusal) FromCertificate(HttpContext context)
    {
        var certificate = context.Connection.ClientCertificate;
        if (certificate is null)
        {
            return (null, "Present an SAE client certificate: this endpoint authenticates SAEs by mutual TLS.");
        }
        var validator = context.RequestServices.GetRequiredService<SaeCertificateValidator>();
        var time = context.RequestServices.GetRequiredService<TimeProvider>();
        // A verdict holds only while the certificate is still valid: a connection outliving it is checked again.
        if (!Verdicts.TryGetValue(certificate, out var verdict) || time.GetUtcNow() > certificate.NotAfter)
        {
            var (sae, refusal) = validator.Identify(certificate);
            verdict = new CertificateVerdict(sae, refusal);
            Verdicts.AddOrUpdate(certificate, verdict);
        }
        return (verdict.SaeId, verdict.Refusal);
    }

    private static (string? SaeId, string? Refusal) FromApiKey(HttpContext context)
    {
        if (!context.RequestServices.GetRequiredService<IOptions<SaeTlsOptions>>().Value.AllowApiKeys)
        {
            return (null, "This KME authenticates SAEs by mutual TLS only: connect to its HTTPS endpoint with the SAE's client certificate.");
        }
        if (context.User.Identity?.IsAuthenticated != true)
        {
            return (null, "Authenticate as an SAE: a client certificate over HTTPS, or the institution admin API key as 'Authorization: Bearer <key>'.");
        }
        var caller = Caller.From(context.User);
        if (caller.Role != Role.Admin || caller.InstitutionId is null)
        {
            return (null, "This key identifies no SAE: SAEs use their institution's admin key.");
        }
        return (caller.InstitutionId, null);
    }

    private sealed record CertificateVerdict(string? SaeId, string? Refusal);
}
