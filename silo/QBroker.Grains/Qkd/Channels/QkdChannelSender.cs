using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;
using QBroker.Contracts.Qkd;

namespace QBroker.Grains.Qkd.Channels;

/// <summary>
/// The sending end of an encrypted channel. Every message spends a fresh QKD key of
/// <see cref="KeyBytesFor"/> bytes (in the broker: drawn as by enc_keys of the sending SAE). With no key the send
/// fails closed: nothing is encrypted with anything weaker. The key's bytes are wiped once used.
/// </summary>
/// <param name="channelId">Names the channel; bound into every tag.</param>
/// <param name="mode">The encryption mode.</param>
/// <param name="receiverKemKey">The receiver's ML-KEM-768 public key; required in hybrid mode.</param>
/// <param name="random">Randomness for ML-KEM encapsulation.</param>
/// <param name="nextSequence">Sequence number of the next message (restored from durable state).</param>
public sealed class QkdChannelSender(
    string channelId,
    ChannelMode mode,
    AsymmetricKeyParameter? receiverKemKey = null,
    SecureRandom? random = null,
    long nextSequence = 0)
{
    private long _nextSequence = nextSequence;

    public long NextSequence => _nextSequence;

    /// <summary>QKD key bytes the next message of <paramref name="plaintextBytes"/> bytes needs.</summary>
    public int KeyBytesFor(int plaintextBytes) => ChannelCrypto.KeyBytesFor(mode, plaintextBytes);

    /// <summary>Encrypts with <paramref name="key"/> (null: no key could be had, and the send fails closed).</summary>
    public ChannelResult<SealedMessage> Seal(byte[] plaintext, DeliveredKey? key)
    {
        if (mode == ChannelMode.Hybrid && receiverKemKey is null)
        {
            throw new InvalidOperationException("Hybrid mode needs the receiver's ML-KEM public key.");
        }
        if (key is not null && key.Key.Length != KeyBytesFor(plaintext.Length))
        {
            throw new ArgumentException($"The message needs a key of {KeyBytesFor(plaintext.Length)} bytes.", nameof(key));
        }
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
