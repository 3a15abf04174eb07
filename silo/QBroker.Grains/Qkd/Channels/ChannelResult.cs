namespace QBroker.Grains.Qkd.Channels;

/// <summary>A channel operation's value, or why it failed (expected failures are values, not exceptions).</summary>
public sealed record ChannelResult<T>(T? Value, ChannelFailure Failure, string? Message)
    where T : class
{
    public bool Succeeded => Failure == ChannelFailure.None;

    public static ChannelResult<T> Ok(T value) => new(value, ChannelFailure.None, null);

    public static ChannelResult<T> Fail(ChannelFailure failure, string message) => new(null, failure, message);
}

public enum ChannelFailure
{
    None,

    /// <summary>No QKD key is available: the channel fails closed and sends nothing.</summary>
    NoKey,

    /// <summary>A sequence number already seen: a replay.</summary>
    Replayed,

    /// <summary>A sequence number ahead of the next expected one: a message was dropped or reordered.</summary>
    OutOfOrder,

    /// <summary>The tag does not verify: the message or its header was altered, or the key is wrong.</summary>
    Tampered,

    /// <summary>The message is for another channel or mode than this receiver's.</summary>
    WrongChannel,
}
