using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace QBroker.Silo.Qkd;

/// <summary>
/// The certificate the HTTPS endpoint presents to SAEs: the configured PKCS#12 file, or else one generated for the
/// loopback names (localhost, 127.0.0.1, ::1) on first start and kept in the data directory, so SAEs on this
/// machine can pin it across restarts.
/// </summary>
public static class SaeTlsServerCertificate
{
    /// <summary>Lifetime of a generated certificate; delete the file to have a new one made.</summary>
    public static readonly TimeSpan GeneratedLifetime = TimeSpan.FromDays(5 * 365);

    public static X509Certificate2 Load(SaeTlsOptions options, string dataDirectory, TimeProvider time)
    {
        if (!string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(options.CertificatePath, options.CertificatePassword);
        }
        var path = Path.Combine(dataDirectory, SaeTlsOptions.GeneratedCertificateFile);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(dataDirectory);
            var temporary = path + ".tmp";
            File.WriteAllBytes(temporary, GenerateLoopback(time).Export(X509ContentType.Pkcs12));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            File.Move(temporary, path, overwrite: true);
        }
        return X509CertificateLoader.LoadPkcs12FromFile(path, password: null);
    }

    /// <summary>A self-signed ECDSA P-256 server certificate for the loopback names.</summary>
    public static X509Certificate2 GenerateLoopback(TimeProvider time)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=qbroker-kme", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        var now = time.GetUtcNow();
        return request.CreateSelfSigned(now.AddMinutes(-5), now.Add(GeneratedLifetime));
    }
}
