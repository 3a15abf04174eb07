namespace QBroker.Contracts.Qkd;

/// <summary>An eavesdropper on a link: kind ("intercept-resend" or "photon-number-splitting") and the fraction of pulses attacked.</summary>
[GenerateSerializer, Immutable, Alias("qbroker.EavesdropperSpec")]
public sealed record EavesdropperSpec(
    [property: Id(0)] string Kind,
    [property: Id(1)] double Fraction)
{
    public const string InterceptResend = "intercept-resend";
    public const string PhotonNumberSplitting = "photon-number-splitting";
}
