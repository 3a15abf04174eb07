namespace QBroker.Silo.Qkd;

/// <summary>
/// Mutual TLS for SAEs (ETSI GS QKD 014 section 5: TLS with client certificates). Bound from "QBroker:Qkd:Tls".
/// The HTTPS endpoint itself is set the standard way, as an https address in ASPNETCORE_URLS or --urls
/// (e.g. "http://127.0.0.1:5080;https://127.0.0.1:5443"); these settings give it its certificates and say how a
/// client certificate names an SAE.
/// </summary>
public sealed class SaeTlsOptions
{
    public const string SectionName = "QBroker:Qkd:Tls";

    /// <summary>
    /// The server's certificate (PKCS#12). When unset, a self-signed certificate for the loopback names is generated
    /// on first start and kept in the data directory (<see cref="GeneratedCertificateFile"/>).
    /// </summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>PEM file of the CA certificate(s) that issue SAE client certificates. Without it no certificate is accepted.</summary>
    public string? ClientCaPath { get; set; }

    /// <summary>
    /// Certificate SHA-1 thumbprint (hex) → SAE id, for certificates whose subject CN is not the SAE id. Other
    /// certificates name their SAE by their subject CN. Either way the certificate must chain to the client CA.
    /// </summary>
    public Dictionary<string, string> SaeByThumbprint { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Whether ETSI requests over plain HTTP may still authenticate with the institution's admin API key (the
    /// documented fallback). Set false once every SAE has a certificate: plain requests then get 401.
    /// </summary>
    public bool AllowApiKeys { get; set; } = true;

    /// <summary>File name of the generated loopback certificate in the data directory.</summary>
    public const string GeneratedCertificateFile = "sae-tls-server.pfx";
}
