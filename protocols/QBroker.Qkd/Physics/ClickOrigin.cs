namespace QBroker.Qkd.Physics;

/// <summary>Why Bob's detector clicked; decides how his bit relates to Alice's.</summary>
internal enum ClickOrigin : byte
{
    /// <summary>At least one of Alice's photons arrived through the fibre.</summary>
    Signal,

    /// <summary>No photon arrived; a dark count or background click gives a random bit.</summary>
    DarkOnly,

    /// <summary>A photon of the state Eve resent arrived.</summary>
    InterceptResendSignal,

    /// <summary>Eve intercepted the pulse and nothing she resent arrived: a dark count.</summary>
    InterceptResendDark,
}
