namespace QBroker.Contracts.Qkd;

/// <summary>
/// An encrypted channel from one institution's site to another's, keyed by <see cref="IKeyDeliveryGrain.KeyOf"/>
/// (sender, receiver). Each message is sealed with fresh QKD key on send and kept sealed until the receiver reads
/// it; reading opens the messages in order, spending each key once.
/// </summary>
[Alias("qbroker.IChannelGrain")]
public interface IChannelGrain : IGrainWithStringKey
{
    /// <summary>Seals and stores a message; mode "aes-gcm" or "one-time-pad". Fails closed when no key is available.</summary>
    [Alias("Send")]
    Task<ChannelSendOutcome> Send(string mode, byte[] plaintext);

    /// <summary>Opens and removes every waiting message, oldest first; stops at the first that cannot be opened.</summary>
    [Alias("Receive")]
    Task<ChannelReceiveOutcome> Receive();
}

[GenerateSerializer, Immutable, Alias("qbroker.ChannelSendOutcome")]
public sealed record ChannelSendOutcome(
    [property: Id(0)] long? Sequence,
    [property: Id(1)] string? Failure,
    [property: Id(2)] string? Message);

[GenerateSerializer, Immutable, Alias("qbroker.ChannelMessage")]
public sealed record ChannelMessage(
    [property: Id(0)] long Sequence,
    [property: Id(1)] string Mode,
    [property: Id(2)] byte[] Plaintext);

[GenerateSerializer, Immutable, Alias("qbroker.ChannelReceiveOutcome")]
public sealed record ChannelReceiveOutcome(
    [property: Id(0)] IReadOnlyList<ChannelMessage> Messages,
    [property: Id(1)] string? Failure,
    [property: Id(2)] string? Message);
