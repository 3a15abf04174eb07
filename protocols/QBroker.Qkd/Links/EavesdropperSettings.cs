namespace QBroker.Qkd.Links;

/// <summary>An eavesdropper acting on a random fraction of the pulses (1 = every pulse).</summary>
public sealed record EavesdropperSettings(EavesdropperKind Kind, double Fraction = 1.0);
