namespace QBroker.Qkd.Authentication;

/// <summary>
/// The public classical channel between Alice and Bob, authenticated Wegman-Carter style (Wegman and Carter, JCSS 22
/// (1981)): everything a party sends during one phase of the protocol is absorbed into a polynomial hash; at the
/// end of the phase the sender sends hash xor a fresh one-time pad and the receiver checks it against the hash of
/// what it received. The hash key is drawn once per session and the pads once per tag, all from the parties' pools.
/// Authenticating a phase's transcript as a whole (rather than every message) is enough because no key is released
/// before all phases verify, and keeps the cost at two tags per phase.
/// </summary>
public sealed class AuthenticatedChannel
{
    private readonly AuthenticationKeyPool _alicePool;
    private readonly AuthenticationKeyPool _bobPool;
    private readonly ulong _aliceHashKey;
    private readonly ulong _bobHashKey;
    private readonly ClassicalChannelTamper? _adversary;
    private PolynomialHash _sentByAlice;
    private PolynomialHash _receivedByBob;
    private PolynomialHash _sentByBob;
    private PolynomialHash _receivedByAlice;

    private AuthenticatedChannel(
        AuthenticationKeyPool alicePool, AuthenticationKeyPool bobPool, ulong aliceHashKey, ulong bobHashKey, ClassicalChannelTamper? adversary)
    {
        _adversary = adversary;
        _alicePool = alicePool;
        _bobPool = bobPool;
        _aliceHashKey = aliceHashKey;
        _bobHashKey = bobHashKey;
        _sentByAlice = new PolynomialHash(aliceHashKey);
        _receivedByBob = new PolynomialHash(bobHashKey);
        _sentByBob = new PolynomialHash(bobHashKey);
        _receivedByAlice = new PolynomialHash(aliceHashKey);
    }

    public int TagsExchanged { get; private set; }

    /// <summary>
    /// Opens the channel, drawing each party's hash key; null when a pool cannot supply it. An adversary, if given,
    /// sees every message in transit and decides what the receiver gets.
    /// </summary>
    public static AuthenticatedChannel? Open(
        AuthenticationKeyPool alicePool, AuthenticationKeyPool bobPool, ClassicalChannelTamper? adversary = null)
    {
        if (!alicePool.TryDrawWord(out var aliceKey) || !bobPool.TryDrawWord(out var bobKey))
        {
            return null;
        }

        return new AuthenticatedChannel(alicePool, bobPool, aliceKey, bobKey, adversary);
    }

    public void AliceSends(ClassicalMessage kind, ReadOnlySpan<byte> message) => Transfer(kind, message, _sentByAlice, _receivedByBob);

    public void BobSends(ClassicalMessage kind, ReadOnlySpan<byte> message) => Transfer(kind, message, _sentByBob, _receivedByAlice);

    /// <summary>
    /// Ends a phase: each side tags what it sent, the other verifies. Returns false if a tag fails to verify or a pool
    /// runs dry; either way the session must not release key.
    /// </summary>
    public bool ClosePhase()
    {
        var verified = ExchangeTag(_sentByAlice, _receivedByBob) && ExchangeTag(_sentByBob, _receivedByAlice);
        _sentByAlice = new PolynomialHash(_aliceHashKey);
        _receivedByBob = new PolynomialHash(_bobHashKey);
        _sentByBob = new PolynomialHash(_bobHashKey);
        _receivedByAlice = new PolynomialHash(_aliceHashKey);
        return verified;
    }

    private void Transfer(ClassicalMessage kind, ReadOnlySpan<byte> message, PolynomialHash sender, PolynomialHash receiver)
    {
        sender.AbsorbBytes(message);
        receiver.AbsorbBytes(_adversary is null ? message : _adversary(kind, message.ToArray()));
    }

    private bool ExchangeTag(PolynomialHash sender, PolynomialHash receiver)
    {
        // Both parties draw the pad from their own copy of the pool: identical pools give identical pads.
        if (!_alicePool.TryDrawWord(out var alicePad) || !_bobPool.TryDrawWord(out var bobPad))
        {
            return false;
        }

        TagsExchanged++;
        var tag = sender.Value ^ alicePad;
        return (tag ^ bobPad) == receiver.Value;
    }
}
