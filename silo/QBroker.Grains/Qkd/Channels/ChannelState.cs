namespace QBroker.Grains.Qkd.Channels;

/// <summary>What a channel grain persists: both sequence counters and the sealed messages not yet read.</summary>
public sealed class ChannelState
{
    public long NextSendSequence { get; set; }

    public long NextReceiveSequence { get; set; }

    public List<SealedMessage> Mailbox { get; set; } = [];

    /// <summary>
    /// The receiving site's ML-KEM-768 key pair for hybrid messages on this channel (FIPS 203 encodings), made at the
    /// first hybrid send. The broker keeps it for the receiver as its KME keeps the receiver's QKD keys.
    /// </summary>
    public byte[]? KemPublicKey { get; set; }

    public byte[]? KemPrivateKey { get; set; }
}
