using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;

namespace QBroker.Grains.Qkd.Channels;

/// <summary>
/// The receiving end of an encrypted channel. Messages must arrive in order: a sequence number already seen is a
/// replay, one ahead of the next expected is a reordering or a loss; both are refused before any key is fetched.
/// The key comes once, by id, through <paramref name="fetchKey"/> (in the broker: dec_keys of the slave SAE).
/// </summary>
/// <param name="channelId">The channel this receiver serves.</param>
/// <param name="mode">The mode the channel was opened with; messages in another mode are refused.</param>
/// <param name="fetchKey">Returns the key with this id, or null when there is none.</param>
/// <param name="kemPrivateKey">This receiver's ML-KEM-768 private key; required in hybrid mode.</param>
public sealed class QkdChannelReceiver(
    string channelId,
    ChannelMode mode,
    Func<Guid, byte[]?> fetchKey,
    AsymmetricKeyParameter? kemPrivateKey = null)
{
    private long _nextSequence;

    public ChannelResult<byte[]> Open(SealedMessage message)
    {
        if (message.ChannelId != channelId || message.Mode != mode)
        {
            return ChannelResult<byte[]>.Fail(ChannelFailure.WrongChannel, $"The message is for channel '{message.ChannelId}' in mode {message.Mode}.");
        }
        if (message.Sequence < _nextSequence)
        {
            return ChannelResult<byte[]>.Fail(ChannelFailure.Replayed, $"Message {message.Sequence} was already received.");
        }
        if (message.Sequence > _nextSequence)
        {
            return ChannelResult<byte[]>.Fail(ChannelFailure.OutOfOrder, $"Expected message {_nextSequence}, got {message.Sequence}.");
        }
        var key = fetchKey(message.KeyId);
        if (key is null)
        {
            return ChannelResult<byte[]>.Fail(ChannelFailure.NoKey, $"QKD key {message.KeyId} is not available; the message cannot be read.");
        }
        try
        {
            var header = ChannelCrypto.Header(channelId, message.Sequence, mode, message.KeyId);
            var plaintext = mode switch
            {
                ChannelMode.OneTimePad => OpenOneTimePad(message, key, header),
                ChannelMode.AesGcm => OpenAes(message, key, header),
                _ => OpenHybrid(message, key, header),
            };
            if (plaintext is null)
            {
                return ChannelResult<byte[]>.Fail(ChannelFailure.Tampered, $"Message {message.Sequence} does not authenticate.");
            }
            _nextSequence++;
            return ChannelResult<byte[]>.Ok(plaintext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static byte[]? OpenOneTimePad(SealedMessage message, byte[] key, byte[] header)
    {
        var length = message.Ciphertext.Length;
        if (key.Length != length + ChannelCrypto.OneTimePadOverheadBytes)
        {
            return null;
        }
        var expected = ChannelCrypto.OneTimeTag(key.AsSpan(length, 8), key.AsSpan(length + 8, 8), header, message.Ciphertext);
        return CryptographicOperations.FixedTimeEquals(expected, message.Tag) ? ChannelCrypto.Xor(message.Ciphertext, key.AsSpan(0, length)) : null;
    }

    private byte[]? OpenHybrid(SealedMessage message, byte[] key, byte[] header)
    {
        if (kemPrivateKey is null || message.KemCiphertext is null)
        {
            return null;
        }
        var secret = HybridKem.Decapsulate(kemPrivateKey, message.KemCiphertext);
        var derived = ChannelCrypto.HybridKey(key, secret, header);
        CryptographicOperations.ZeroMemory(secret);
        try
        {
            return OpenAes(message, derived, header);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(derived);
        }
    }

    private static byte[]? OpenAes(SealedMessage message, byte[] aesKey, byte[] header)
    {
        if (aesKey.Length != ChannelCrypto.AesKeyBytes || message.Tag.Length != ChannelCrypto.GcmTagBytes)
        {
            return null;
        }
        using var aes = new AesGcm(aesKey, ChannelCrypto.GcmTagBytes);
        var plaintext = new byte[message.Ciphertext.Length];
        try
        {
            aes.Decrypt(ChannelCrypto.Nonce(message.Sequence), message.Ciphertext, message.Tag, plaintext, header);
            return plaintext;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }
}
