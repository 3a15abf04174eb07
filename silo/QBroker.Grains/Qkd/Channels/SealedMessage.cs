namespace QBroker.Grains.Qkd.Channels;

/// <summary>
/// One encrypted message between two institutions. Everything but the ciphertext is public and authenticated:
/// the channel, the sequence number (replay and reordering are detected from it), the mode and the id of the
/// QKD key (the receiver fetches that key once, by id). <see cref="KemCiphertext"/> is set in hybrid mode only.
/// </summary>
public sealed record SealedMessage(
    string ChannelId,
    long Sequence,
    ChannelMode Mode,
    Guid KeyId,
    byte[] Ciphertext,
    byte[] Tag,
    byte[]? KemCiphertext);
