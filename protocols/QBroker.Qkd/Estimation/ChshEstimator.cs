using QBroker.Qkd.Physics;

namespace QBroker.Qkd.Estimation;

/// <summary>The CHSH value from the coincidences where Bob measured at a test angle; both parties disclose those outcomes.</summary>
public static class ChshEstimator
{
    public static ChshEstimate Estimate(DetectionEvents events)
    {
        // Rows: Alice's basis (0 or 45 degrees); columns: Bob's test setting (+22.5 or -22.5 degrees).
        var agreements = new long[2, 2];
        var rounds = new long[2, 2];
        for (var i = 0; i < events.Count; i++)
        {
            var setting = events.BobBases[i] - EntangledPhysicalLayer.FirstTestSetting;
            if (setting < 0)
            {
                continue;
            }

            var basis = events.AliceBases[i];
            rounds[basis, setting]++;
            agreements[basis, setting] += events.AliceBits[i] == events.BobBits[i] ? 1 : 0;
        }

        var total = rounds[0, 0] + rounds[0, 1] + rounds[1, 0] + rounds[1, 1];
        var value = 0.0;
        var variance = 0.0;
        for (var basis = 0; basis < 2; basis++)
        {
            for (var setting = 0; setting < 2; setting++)
            {
                var n = rounds[basis, setting];
                if (n == 0)
                {
                    // A correlator without data is unknown: S cannot be told apart from any value in [-4, 4].
                    return new ChshEstimate(0, double.PositiveInfinity, total);
                }

                var correlation = ((2.0 * agreements[basis, setting]) - n) / n;
                // Only E(45, -22.5) enters with a minus sign: cos 2(45 + 22.5) is the one negative correlator.
                value += basis == 1 && setting == 1 ? -correlation : correlation;
                variance += (1 - (correlation * correlation)) / n;
            }
        }

        return new ChshEstimate(value, Math.Sqrt(variance), total);
    }
}
