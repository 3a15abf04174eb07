using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace QBroker.Silo.Tests.Qkd;

/// <summary>A throw-away certificate authority and SAE client certificates, made in process for the mutual-TLS tests.</summary>
public sealed class TestSaeCertificates(string caName) : IDisposable
{
    private readonly ECDsa _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private X509Certificate2? _ca;

    public X509Certificate2 Ca => _ca ??= CreateCa();

    public string CaPem => Ca.ExportCertificatePem();

    /// <summary>A client certificate with subject CN <paramref name="commonName"/>, signed by this CA, valid from <paramref name="notBefore"/> to <paramref name="notAfter"/>.</summary>
    public X509Certificate2 Client(string commonName, DateTimeOffset notBefore, DateTimeOffset notAfter, bool clientAuthentication = true)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}, O=QBroker test SAEs", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        var usage = clientAuthentication ? "1.3.6.1.5.5.7.3.2" : "1.3.6.1.5.5.7.3.1";
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], critical: false));
        var serial = RandomNumberGenerator.GetBytes(12);
        using var issued = request.Create(Ca, notBefore, notAfter, serial);
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>A client certificate valid now, for a year.</summary>
    public X509Certificate2 Client(string commonName) => Client(commonName, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddYears(1));

    public void Dispose()
    {
        _ca?.Dispose();
        _caKey.Dispose();
    }

    private X509Certificate2 CreateCa()
    {
        var request = new CertificateRequest($"CN={caName}", _caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddYears(5));
    }
}
