namespace QBroker.Grains.Qkd.Channels;

/// <summary>What a channel grain persists: both sequence counters, the sealed messages not yet read, and keys still to delete.</summary>
public sealed class ChannelState
{
    public long NextSendSequence { get; set; }

    public long NextReceiveSequence { get; set; }

    public List<SealedMessage> Mailbox { get; set; } = [];

    /// <summary>
    /// Key ids of messages recorded as received whose keys may not have been deleted yet from key delivery (they are
    /// deleted after the write that records the reception, and again at the next receive if that failed).
    /// </summary>
    public List<Guid> SpentKeyIds { get; set; } = [];

    /// <summary>
    /// The receiving site's ML-KEM-768 key pair for hybrid messages on this channel (FIPS 203 encodings), made at the
    /// first hybrid send. The broker keeps it for the receiver as its KME keeps the receiver's QKD keys.
    /// </summary>
    public byte[]? KemPublicKey { get; set; }

    public byte[]? KemPrivateKey { get; set; }
}
