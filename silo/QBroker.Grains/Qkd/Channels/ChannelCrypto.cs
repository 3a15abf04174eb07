using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using QBroker.Qkd.Authentication;

namespace QBroker.Grains.Qkd.Channels;

/// <summary>The primitives both ends of a channel share: header binding, AES-256-GCM, one-time pad with Wegman–Carter tag, hybrid key derivation.</summary>
public static class ChannelCrypto
{
    public const int AesKeyBytes = 32;
    public const int GcmTagBytes = 16;
    public const int OneTimePadOverheadBytes = 16;

    /// <summary>QKD key bytes one message needs in a mode.</summary>
    public static int KeyBytesFor(ChannelMode mode, int plaintextBytes) =>
        mode == ChannelMode.OneTimePad ? plaintextBytes + OneTimePadOverheadBytes : AesKeyBytes;

    /// <summary>The authenticated header: channel, sequence, mode and key id, so none can be changed unnoticed.</summary>
    public static byte[] Header(string channelId, long sequence, ChannelMode mode, Guid keyId)
    {
        var channel = Encoding.UTF8.GetBytes(channelId);
        var header = new byte[channel.Length + 8 + 1 + 16];
        channel.CopyTo(header, 0);
        BinaryPrimitives.WriteInt64BigEndian(header.AsSpan(channel.Length), sequence);
        header[channel.Length + 8] = (byte)mode;
        keyId.TryWriteBytes(header.AsSpan(channel.Length + 9));
        return header;
    }

    /// <summary>Every message has its own key, so a fixed nonce is never reused under one key; the sequence makes it unique anyway.</summary>
    public static byte[] Nonce(long sequence)
    {
        var nonce = new byte[12];
        BinaryPrimitives.WriteInt64BigEndian(nonce.AsSpan(4), sequence);
        return nonce;
    }

    /// <summary>Hybrid key: HKDF-SHA256 (RFC 5869) over the QKD key and the ML-KEM secret, bound to the header.</summary>
    public static byte[] HybridKey(byte[] qkdKey, byte[] kemSecret, byte[] header) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, [.. qkdKey, .. kemSecret], AesKeyBytes, salt: [], info: [.. "qbroker-hybrid-v1"u8, .. header]);

    /// <summary>Wegman–Carter tag: polynomial hash of header and ciphertext under an 8-byte key, XORed with an 8-byte pad.</summary>
    public static byte[] OneTimeTag(ReadOnlySpan<byte> hashKey, ReadOnlySpan<byte> pad, byte[] header, byte[] ciphertext)
    {
        var hash = new PolynomialHash(BinaryPrimitives.ReadUInt64LittleEndian(hashKey));
        var lengths = new byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(lengths, header.Length);
        BinaryPrimitives.WriteInt32LittleEndian(lengths.AsSpan(4), ciphertext.Length);
        hash.AbsorbBytes(lengths);
        hash.AbsorbBytes(header);
        hash.AbsorbBytes(ciphertext);
        var tag = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(tag, hash.Value ^ BinaryPrimitives.ReadUInt64LittleEndian(pad));
        return tag;
    }

    public static byte[] Xor(ReadOnlySpan<byte> data, ReadOnlySpan<byte> pad)
    {
        var result = new byte[data.Length];
        for (var i = 0; i < data.Length; i++)
        {
            result[i] = (byte)(data[i] ^ pad[i]);
        }
        return result;
    }
}
