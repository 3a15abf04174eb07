namespace QBroker.Qkd.Reconciliation;

/// <summary>
/// What reconciling one frame cost: parity bits Alice disclosed, messages exchanged (channel uses, counting parallel
/// asks of one round as one message, as cascade-python's ask_parity_messages does) and bits Bob flipped.
/// </summary>
public sealed record CascadeStatistics(int FrameBits, int DisclosedBits, int ChannelUses, int FlippedBits);
