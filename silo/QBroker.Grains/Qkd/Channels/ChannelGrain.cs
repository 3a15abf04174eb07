using Microsoft.Extensions.Logging;
using Org.BouncyCastle.Security;
using QBroker.Contracts.Qkd;
using QBroker.Storage.GrainState;

namespace QBroker.Grains.Qkd.Channels;

/// <summary>
/// An encrypted channel between two sites, keyed "sender->receiver". Sending draws a fresh key from the pair's
/// key delivery (as enc_keys would) and stores only the sealed message; receiving fetches each message's key once
/// (as dec_keys would) and opens the messages in order. In hybrid mode the message key also depends on an ML-KEM-768
/// secret encapsulated to a key pair of the receiver on this channel, which the broker makes at the first hybrid send and keeps
/// for the receiver (<see cref="ChannelState.KemPrivateKey"/>): whoever learns the QKD key alone (a trusted relay
/// node on the path does) or breaks ML-KEM alone cannot open the message.
/// </summary>
public sealed partial class ChannelGrain(
    [PersistentState(stateName: "qkd-channel", storageName: SqlGrainStorage.StorageName)] IPersistentState<ChannelState> state,
    ILogger<ChannelGrain> logger) : Grain, IChannelGrain
{
    private string ChannelId => this.GetPrimaryKeyString();

    private IKeyDeliveryGrain Keys => GrainFactory.GetGrain<IKeyDeliveryGrain>(ChannelId);

    public async Task<ChannelSendOutcome> Send(string mode, byte[] plaintext)
    {
        if (!ChannelModes.TryParse(mode, out var channelMode))
        {
            return new ChannelSendOutcome(null, "invalid-mode", $"Unknown mode '{mode}'; use '{ChannelModes.AesGcm}', '{ChannelModes.OneTimePad}' or '{ChannelModes.Hybrid}'.");
        }
        var receiverKemKey = channelMode == ChannelMode.Hybrid ? HybridKem.PublicKeyFrom(EnsureKemKeyPair()) : null;
        var sender = new QkdChannelSender(ChannelId, channelMode, receiverKemKey, new SecureRandom(), state.State.NextSendSequence);
        var issued = await Keys.Issue(1, sender.KeyBytesFor(plaintext.Length));
        var sealedMessage = sender.Seal(plaintext, issued.Keys.FirstOrDefault());
        if (!sealedMessage.Succeeded)
        {
            return new ChannelSendOutcome(null, "no-key", $"{sealedMessage.Message} {issued.Message}");
        }
        state.State.Mailbox.Add(sealedMessage.Value!);
        state.State.NextSendSequence = sender.NextSequence;
        await state.WriteStateAsync();
        return new ChannelSendOutcome(sealedMessage.Value!.Sequence, null, null);
    }

    /// <summary>
    /// Opens the waiting messages in order, reading each key without spending it; then records durably that they were
    /// received (the mailbox and sequence advanced, their key ids marked spent), and only then deletes their keys. A
    /// write that fails leaves every message and key in place, so the next call opens them again; had the keys gone
    /// first, such a failure would leave a message that no key opens at the head of the mailbox, blocking the channel
    /// for good. A reply lost after the write loses the messages it carried, as with any mailbox read that removes.
    /// </summary>
    public async Task<ChannelReceiveOutcome> Receive()
    {
        await ForgetSpentKeysAsync();
        var opened = new List<ChannelMessage>();
        var spent = new List<Guid>();
        var nextSequence = state.State.NextReceiveSequence;
        string? failure = null;
        string? message = null;
        foreach (var next in state.State.Mailbox)
        {
            var kemPrivateKey = next.Mode == ChannelMode.Hybrid && state.State.KemPrivateKey is { } encoded ? HybridKem.PrivateKeyFrom(encoded) : null;
            var receiver = new QkdChannelReceiver(ChannelId, next.Mode, kemPrivateKey, nextSequence);
            var key = receiver.Expects(next) ? (await Keys.Peek([next.KeyId])).Keys.FirstOrDefault()?.Key : null;
            var result = receiver.Open(next, key);
            if (!result.Succeeded)
            {
                failure = result.Failure.ToString();
                message = result.Message;
                break;
            }
            opened.Add(new ChannelMessage(next.Sequence, ChannelModes.Name(next.Mode), result.Value!));
            spent.Add(next.KeyId);
            nextSequence = receiver.NextSequence;
        }
        if (opened.Count == 0)
        {
            return new ChannelReceiveOutcome(opened, failure, message);
        }
        state.State.Mailbox.RemoveRange(0, opened.Count);
        state.State.NextReceiveSequence = nextSequence;
        state.State.SpentKeyIds.AddRange(spent);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // The write may or may not have reached the store: the next activation reads which from there.
            this.DeactivateOnIdle();
            throw;
        }
        try
        {
            await ForgetSpentKeysAsync();
        }
        catch (Exception error)
        {
            // The messages are received (durably): they go to the caller. The spent ids stay recorded and are
            // forgotten at the next receive.
            LogForgetFailed(error, ChannelId);
        }
        return new ChannelReceiveOutcome(opened, failure, message);
    }

    /// <summary>Deletes the keys of messages recorded as received (a retry after a failure or a crash finds fewer or none).</summary>
    private async Task ForgetSpentKeysAsync()
    {
        if (state.State.SpentKeyIds.Count > 0)
        {
            await Keys.Forget([.. state.State.SpentKeyIds]);
            // Kept in memory only until the next write: forgetting them again after a restart is harmless.
            state.State.SpentKeyIds.Clear();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "QKD channel {ChannelId}: the keys of received messages could not be deleted yet; retried at the next receive")]
    private partial void LogForgetFailed(Exception error, string channelId);

    /// <summary>The receiver's ML-KEM public key, made now if this is the channel's first hybrid message (kept with the message's state write).</summary>
    private byte[] EnsureKemKeyPair()
    {
        if (state.State.KemPublicKey is null || state.State.KemPrivateKey is null)
        {
            (state.State.KemPublicKey, state.State.KemPrivateKey) = HybridKem.Encode(HybridKem.GenerateKeyPair(new SecureRandom()));
        }
        return state.State.KemPublicKey;
    }
}
