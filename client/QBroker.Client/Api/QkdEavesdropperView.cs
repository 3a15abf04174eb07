namespace QBroker.Client.Api;

/// <summary>An eavesdropper on a link: kind (intercept-resend or photon-number-splitting) and the fraction of pulses attacked.</summary>
public sealed record QkdEavesdropperView(string Kind, double Fraction)
{
    public const string InterceptResend = "intercept-resend";
    public const string PhotonNumberSplitting = "photon-number-splitting";
}
