namespace QBroker.Grains.Qkd.Channels;

/// <summary>What a channel grain persists: both sequence counters and the sealed messages not yet read.</summary>
public sealed class ChannelState
{
    public long NextSendSequence { get; set; }

    public long NextReceiveSequence { get; set; }

    public List<SealedMessage> Mailbox { get; set; } = [];
}
