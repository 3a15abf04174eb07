using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;

namespace QBroker.Grains.Qkd.Channels;

/// <summary>
/// The receiving end of an encrypted channel. Messages must arrive in order: a sequence number already seen is a
/// replay, one ahead of the next expected is a reordering or a loss; both are refused before any key is fetched.
/// The caller fetches the message's key once, by id (in the broker: as by dec_keys of the receiving SAE), and
/// only for the message it expects next (<see cref="Expects"/>), so refused messages spend no key.
/// </summary>
/// <param name="channelId">The channel this receiver serves.</param>
/// <param name="mode">The mode the channel was opened with; messages in another mode are refused.</param>
/// <param name="kemPrivateKey">This receiver's ML-KEM-768 private key; required in hybrid mode.</param>
/// <param name="nextSequence">Sequence number expected next (restored from durable state).</param>
public sealed class QkdChannelReceiver(
    string channelId,
    ChannelMode mode,
    AsymmetricKeyParameter? kemPrivateKey = null,
    long nextSequence = 0)
{
    private long _nextSequence = nextSequence;

    public long NextSequence => _nextSequence;

    /// <summary>Whether <paramref name="message"/> is the one this receiver expects now, so its key is worth fetching.</summary>
    public bool Expects(SealedMessage message) => message.ChannelId == channelId && message.Mode == mode && message.Sequence == _nextSequence;

    /// <summary>Checks and decrypts with <paramref name="key"/>, the key fetched by the message's key id (null: none).</summary>
    public ChannelResult<byte[]> Open(SealedMessage message, byte[]? key)
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
