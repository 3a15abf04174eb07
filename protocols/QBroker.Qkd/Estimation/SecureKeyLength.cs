using QBroker.Qkd.Links;
using QBroker.Qkd.Theory;

namespace QBroker.Qkd.Estimation;

/// <summary>
/// Length of the secret key privacy amplification may extract, from the estimates and the security parameters.
/// <list type="bullet">
/// <item>BB84 (single photons) and BBM92: l = n [1 - H2(e + mu)] - leak - log2(2 / (eps_sec^2 eps_cor)), Tomamichel, Lim,
/// Gisin and Renner, Nat. Commun. 3, 634 (2012), with mu the sampling deviation.</item>
/// <item>GLLP: the same with only the (1 - Delta) n bits from single photons counted and their error rate bounded by
/// (e + mu) / (1 - Delta), Delta = P_multi / Q_mu (Gottesman, Lo, Luetkenhaus, Preskill, QIC 4, 325 (2004)).</item>
/// <item>Decoy: l = s0 + s1 [1 - H2(e1)] - leak - 6 log2(21 / eps_sec) - log2(2 / eps_cor), the form of Lim, Curty,
/// Walenta, Xu and Zbinden, PRA 89, 022307 (2014), with s0 and s1 the vacuum and single-photon contributions to the
/// n key bits taken from the vacuum + weak bounds (Q1 / Q_mu and Y0 e^-mu / Q_mu of them).</item>
/// </list>
/// </summary>
public static class SecureKeyLength
{
    public static double Compute(
        QkdProtocol protocol,
        long keyBits,
        long sampleBits,
        double sampledQber,
        double leakedBits,
        double securityEpsilon,
        double correctnessEpsilon,
        double signalIntensity,
        double signalGainLower,
        DecoyBounds? decoy)
    {
        if (keyBits <= 0)
        {
            return 0;
        }

        double n = keyBits;
        var deviation = StatisticalBounds.SamplingDeviation(keyBits, sampleBits, securityEpsilon);
        var finiteCost = Math.Log2(2 / (securityEpsilon * securityEpsilon * correctnessEpsilon));
        switch (protocol)
        {
            // BBM92 reduces to BB84 with an untrusted source (Koashi and Preskill 2003): the same bound applies.
            case QkdProtocol.Bb84:
            case QkdProtocol.Bbm92:
                return (n * (1 - BinaryEntropy.H2(sampledQber + deviation))) - leakedBits - finiteCost;
            case QkdProtocol.Bb84Gllp:
            {
                var multiPhoton = 1 - ((1 + signalIntensity) * Math.Exp(-signalIntensity));
                var delta = signalGainLower > 0 ? multiPhoton / signalGainLower : 1;
                if (delta >= 1)
                {
                    return -leakedBits;
                }

                var singleError = (sampledQber + deviation) / (1 - delta);
                return (n * (1 - delta) * (1 - BinaryEntropy.H2(singleError))) - leakedBits - finiteCost;
            }

            case QkdProtocol.DecoyStateBb84:
            {
                ArgumentNullException.ThrowIfNull(decoy);
                var gain = decoy.SignalGain;
                if (gain <= 0)
                {
                    return -leakedBits;
                }

                var s0 = n * decoy.BackgroundYieldLower * Math.Exp(-signalIntensity) / gain;
                var s1 = n * decoy.SinglePhotonFractionLower;
                return s0 + (s1 * (1 - BinaryEntropy.H2(decoy.SinglePhotonErrorUpper))) - leakedBits
                    - (6 * Math.Log2(21 / securityEpsilon)) - Math.Log2(2 / correctnessEpsilon);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(protocol));
        }
    }
}
