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
public sealed class ChannelGrain(
    [PersistentState(stateName: "qkd-channel", storageName: SqlGrainStorage.StorageName)] IPersistentState<ChannelState> state) : Grain, IChannelGrain
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

    public async Task<ChannelReceiveOutcome> Receive()
    {
        var opened = new List<ChannelMessage>();
        string? failure = null;
        string? message = null;
        while (state.State.Mailbox.Count > 0)
        {
            var next = state.State.Mailbox[0];
            var kemPrivateKey = next.Mode == ChannelMode.Hybrid && state.State.KemPrivateKey is { } encoded ? HybridKem.PrivateKeyFrom(encoded) : null;
            var receiver = new QkdChannelReceiver(ChannelId, next.Mode, kemPrivateKey, state.State.NextReceiveSequence);
            var key = receiver.Expects(next) ? (await Keys.Claim([next.KeyId])).Keys.FirstOrDefault()?.Key : null;
            var result = receiver.Open(next, key);
            if (!result.Succeeded)
            {
                failure = result.Failure.ToString();
                message = result.Message;
                break;
            }
            opened.Add(new ChannelMessage(next.Sequence, ChannelModes.Name(next.Mode), result.Value!));
            state.State.Mailbox.RemoveAt(0);
            state.State.NextReceiveSequence = receiver.NextSequence;
        }
        if (opened.Count > 0)
        {
            await state.WriteStateAsync();
        }
        return new ChannelReceiveOutcome(opened, failure, message);
    }

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
