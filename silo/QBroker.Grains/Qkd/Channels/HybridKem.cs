using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Kems;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace QBroker.Grains.Qkd.Channels;

/// <summary>ML-KEM-768 (FIPS 203) from BouncyCastle: the receiver's key pair, and encapsulation by the sender.</summary>
public static class HybridKem
{
    public static AsymmetricCipherKeyPair GenerateKeyPair(SecureRandom random)
    {
        var generator = new MLKemKeyPairGenerator();
        generator.Init(new MLKemKeyGenerationParameters(random, MLKemParameters.ml_kem_768));
        return generator.GenerateKeyPair();
    }

    /// <summary>The FIPS 203 encodings of a key pair (encapsulation key, decapsulation key), to keep it durably.</summary>
    public static (byte[] PublicKey, byte[] PrivateKey) Encode(AsymmetricCipherKeyPair keyPair) =>
        (((MLKemPublicKeyParameters)keyPair.Public).GetEncoded(), ((MLKemPrivateKeyParameters)keyPair.Private).GetEncoded());

    public static AsymmetricKeyParameter PublicKeyFrom(byte[] encoded) => MLKemPublicKeyParameters.FromEncoding(MLKemParameters.ml_kem_768, encoded);

    public static AsymmetricKeyParameter PrivateKeyFrom(byte[] encoded) => MLKemPrivateKeyParameters.FromEncoding(MLKemParameters.ml_kem_768, encoded);

    public static (byte[] Ciphertext, byte[] Secret) Encapsulate(AsymmetricKeyParameter publicKey, SecureRandom random)
    {
        var encapsulator = new MLKemEncapsulator(MLKemParameters.ml_kem_768);
        encapsulator.Init(new ParametersWithRandom(publicKey, random));
        var ciphertext = new byte[encapsulator.EncapsulationLength];
        var secret = new byte[encapsulator.SecretLength];
        encapsulator.Encapsulate(ciphertext, 0, ciphertext.Length, secret, 0, secret.Length);
        return (ciphertext, secret);
    }

    public static byte[] Decapsulate(AsymmetricKeyParameter privateKey, byte[] ciphertext)
    {
        var decapsulator = new MLKemDecapsulator(MLKemParameters.ml_kem_768);
        decapsulator.Init(privateKey);
        var secret = new byte[decapsulator.SecretLength];
        decapsulator.Decapsulate(ciphertext, 0, ciphertext.Length, secret, 0, secret.Length);
        return secret;
    }
}
