using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace QBroker.Silo.Qkd;

/// <summary>
/// Which SAE a TLS client certificate names, if any: it must chain to one of the configured client CAs (and to
/// nothing else: the system's roots are not trusted for this), be within its validity period now, and allow client
/// authentication. The SAE id is the configured one for its thumbprint, else its subject CN.
/// </summary>
public sealed class SaeCertificateValidator(X509Certificate2Collection clientCas, IReadOnlyDictionary<string, string> saeByThumbprint, TimeProvider time)
{
    /// <summary>id-kp-clientAuth (RFC 5280, section 4.2.1.12).</summary>
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    /// <summary>The SAE id named by <paramref name="certificate"/>, or why it names none (for the 401 message).</summary>
    public (string? SaeId, string? Refusal) Identify(X509Certificate2? certificate)
    {
        if (certificate is null)
        {
            return (null, "Present an SAE client certificate: this endpoint authenticates SAEs by mutual TLS.");
        }
        if (clientCas.Count == 0)
        {
            return (null, "No client CA is configured (QBroker:Qkd:Tls:ClientCaPath), so no certificate can be accepted.");
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(clientCas);
        // SAE certificates of a private CA carry no revocation endpoints; revoke by replacing the CA or the map.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = time.GetUtcNow().UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        chain.ChainPolicy.ApplicationPolicy.Add(ClientAuthentication);
        if (!chain.Build(certificate))
        {
            var reasons = chain.ChainStatus.Select(s => s.Status).Where(s => s != X509ChainStatusFlags.NoError).Distinct();
            return (null, $"The client certificate is not accepted ({string.Join(", ", reasons.Select(Describe))}).");
        }
        if (saeByThumbprint.TryGetValue(certificate.Thumbprint, out var mapped))
        {
            return (mapped, null);
        }
        var commonName = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        return string.IsNullOrWhiteSpace(commonName)
            ? (null, "The client certificate has no subject CN and its thumbprint names no SAE.")
            : (commonName, null);
    }

    /// <summary>The client CA certificates of a PEM file (none when no path is configured).</summary>
    public static X509Certificate2Collection LoadClientCas(string? pemPath)
    {
        var cas = new X509Certificate2Collection();
        if (!string.IsNullOrWhiteSpace(pemPath))
        {
            cas.ImportFromPemFile(pemPath);
            if (cas.Count == 0)
            {
                throw new CryptographicException($"'{pemPath}' holds no PEM certificate (QBroker:Qkd:Tls:ClientCaPath).");
            }
        }
        return cas;
    }

    private static string Describe(X509ChainStatusFlags status) => status switch
    {
        X509ChainStatusFlags.NotTimeValid => "expired or not yet valid",
        X509ChainStatusFlags.UntrustedRoot or X509ChainStatusFlags.PartialChain => "not issued by a trusted SAE CA",
        X509ChainStatusFlags.NotValidForUsage => "not valid for client authentication",
        X509ChainStatusFlags.NotSignatureValid => "bad signature",
        _ => status.ToString(),
    };
}
