using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;
using QBroker.Contracts.Qkd;

namespace QBroker.Grains.Qkd.Channels;

/// <summary>
/// The sending end of an encrypted channel. Every message spends a fresh QKD key obtained through
/// <paramref name="drawKey"/> (in the broker: enc_keys of the master SAE for that many bytes). With no key the
/// send fails closed: nothing is encrypted with anything weaker.
/// </summary>
/// <param name="channelId">Names the channel; bound into every tag.</param>
/// <param name="mode">The encryption mode.</param>
/// <param name="drawKey">Returns a key of the given byte length, or null when none is available.</param>
/// <param name="receiverKemKey">The receiver's ML-KEM-768 public key; required in hybrid mode.</param>
/// <param name="random">Randomness for ML-KEM encapsulation.</param>
public sealed class QkdChannelSender(
    string channelId,
    ChannelMode mode,
    Func<int, DeliveredKey?> drawKey,
    AsymmetricKeyParameter? receiverKemKey = null,
    SecureRandom? random = null)
{
    private long _nextSequence;

    public ChannelResult<SealedMessage> Seal(byte[] plaintext)
    {
        if (mode == ChannelMode.Hybrid && receiverKemKey is null)
        {
            throw new InvalidOperationException("Hybrid mode needs the receiver's ML-KEM public key.");
        }
        var key = drawKey(ChannelCrypto.KeyBytesFor(mode, plaintext.Length));
        if (key is null)
        {
            return ChannelResult<SealedMessage>.Fail(ChannelFailure.NoKey, $"No QKD key is available for channel '{channelId}'; nothing was sent.");
        }
        var sequence = _nextSequence++;
        var header = ChannelCrypto.Header(channelId, sequence, mode, key.KeyId);
        try
        {
            return ChannelResult<SealedMessage>.Ok(mode switch
            {
                ChannelMode.OneTimePad => SealOneTimePad(plaintext, key, sequence, header),
                ChannelMode.AesGcm => SealAes(plaintext, key.Key, key.KeyId, sequence, header, kemCiphertext: null),
                _ => SealHybrid(plaintext, key, sequence, header),
            });
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key.Key);
        }
    }

    private SealedMessage SealOneTimePad(byte[] plaintext, DeliveredKey key, long sequence, byte[] header)
    {
        var pad = key.Key.AsSpan(0, plaintext.Length);
        var ciphertext = ChannelCrypto.Xor(plaintext, pad);
        var tag = ChannelCrypto.OneTimeTag(key.Key.AsSpan(plaintext.Length, 8), key.Key.AsSpan(plaintext.Length + 8, 8), header, ciphertext);
        return new SealedMessage(channelId, sequence, mode, key.KeyId, ciphertext, tag, null);
    }

    private SealedMessage SealHybrid(byte[] plaintext, DeliveredKey key, long sequence, byte[] header)
    {
        var (kemCiphertext, secret) = HybridKem.Encapsulate(receiverKemKey!, random ?? new SecureRandom());
        var derived = ChannelCrypto.HybridKey(key.Key, secret, header);
        CryptographicOperations.ZeroMemory(secret);
        try
        {
            return SealAes(plaintext, derived, key.KeyId, sequence, header, kemCiphertext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(derived);
        }
    }

    private SealedMessage SealAes(byte[] plaintext, byte[] aesKey, Guid keyId, long sequence, byte[] header, byte[]? kemCiphertext)
    {
        using var aes = new AesGcm(aesKey, ChannelCrypto.GcmTagBytes);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[ChannelCrypto.GcmTagBytes];
        aes.Encrypt(ChannelCrypto.Nonce(sequence), plaintext, ciphertext, tag, header);
        return new SealedMessage(channelId, sequence, mode, keyId, ciphertext, tag, kemCiphertext);
    }
}
