namespace QBroker.Qkd.Reconciliation;

/// <summary>
/// What reconciling one frame cost: parity bits Alice disclosed, messages exchanged (channel uses, counting parallel
/// asks of one round as one message, as cascade-python's ask_parity_messages does) and bits Bob flipped.
/// </summary>
public sealed record CascadeStatistics(int FrameBits, int DisclosedBits, int ChannelUses, int FlippedBits)
{
    /// <summary>f = disclosed / (n H2(Q)) for the QBER the frame actually had.</summary>
    public double Efficiency(double actualQber)
    {
        var shannon = FrameBits * Theory.BinaryEntropy.H2(actualQber);
        return shannon > 0 ? DisclosedBits / shannon : double.PositiveInfinity;
    }
}
