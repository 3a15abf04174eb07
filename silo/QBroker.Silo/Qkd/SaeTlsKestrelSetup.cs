using System.Security.Authentication;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;
using QBroker.Silo.Hosting;

namespace QBroker.Silo.Qkd;

/// <summary>
/// Gives every HTTPS endpoint (https addresses in ASPNETCORE_URLS or --urls) the SAE server certificate and asks
/// clients for a certificate. The TLS layer accepts any client certificate, or none, so that a refused SAE gets an
/// ETSI 401 with a message rather than a broken handshake; <see cref="SaeIdentity"/> decides who the certificate names.
/// </summary>
public sealed class SaeTlsKestrelSetup(IConfiguration configuration, IOptions<SaeTlsOptions> tls, IOptions<QBrokerHostOptions> host, TimeProvider time)
    : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions options)
    {
        if (!HasHttpsAddress(configuration["urls"]))
        {
            return;
        }
        var certificate = SaeTlsServerCertificate.Load(tls.Value, host.Value.DataDir, time);
        options.ConfigureHttpsDefaults(https =>
        {
            https.ServerCertificate = certificate;
            https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
            https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
            https.ClientCertificateValidation = (_, _, _) => true;
        });
    }

    public static bool HasHttpsAddress(string? urls) =>
        urls is not null && urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(url => url.StartsWith("https://", StringComparison.OrdinalIgnoreCase));
}
