namespace QBroker.Qkd.Links;

public enum EavesdropperKind
{
    /// <summary>Eve measures a pulse in a random basis and resends what she saw, at the same intensity.</summary>
    InterceptResend,

    /// <summary>
    /// Eve replaces the fibre by a lossless one, keeps one photon of every multi-photon pulse and blocks single-photon
    /// pulses as needed to reproduce the signal gain Alice and Bob expect.
    /// </summary>
    PhotonNumberSplitting,
}
