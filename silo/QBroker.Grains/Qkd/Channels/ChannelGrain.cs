using QBroker.Contracts.Qkd;
using QBroker.Storage.GrainState;

namespace QBroker.Grains.Qkd.Channels;

/// <summary>
/// An encrypted channel between two sites, keyed "sender->receiver". Sending draws a fresh key from the pair's
/// key delivery (as enc_keys would) and stores only the sealed message; receiving fetches each message's key once
/// (as dec_keys would) and opens the messages in order. Hybrid mode is not offered here: it needs the receiver's
/// ML-KEM key pair, which no institution has registered with the broker yet.
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
            return new ChannelSendOutcome(null, "invalid-mode", $"Unknown mode '{mode}'; use '{ChannelModes.AesGcm}' or '{ChannelModes.OneTimePad}'.");
        }
        var sender = new QkdChannelSender(ChannelId, channelMode, nextSequence: state.State.NextSendSequence);
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
            var receiver = new QkdChannelReceiver(ChannelId, next.Mode, nextSequence: state.State.NextReceiveSequence);
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
}
