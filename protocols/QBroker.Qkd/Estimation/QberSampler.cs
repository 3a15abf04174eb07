using QBroker.Qkd.Randomness;

namespace QBroker.Qkd.Estimation;

/// <summary>Parameter estimation by random sampling: Alice picks a uniformly random subset and both disclose it.</summary>
public static class QberSampler
{
    public static QberSample Sample(
        ReadOnlySpan<byte> alice, ReadOnlySpan<byte> bob, ReadOnlySpan<byte> eveKnows, double fraction, DeterministicRandom random)
    {
        var n = alice.Length;
        var sampleSize = (int)Math.Round(fraction * n);
        var inSample = new bool[n];
        // Partial Fisher-Yates: the first sampleSize entries of a shuffled index list are a uniform subset.
        var indices = new int[n];
        for (var i = 0; i < n; i++)
        {
            indices[i] = i;
        }

        for (var i = 0; i < sampleSize; i++)
        {
            var j = i + random.NextInt32(n - i);
            (indices[i], indices[j]) = (indices[j], indices[i]);
            inSample[indices[i]] = true;
        }

        var errors = 0;
        var keyLength = n - sampleSize;
        var aliceKey = new byte[keyLength];
        var bobKey = new byte[keyLength];
        var eveKey = new byte[keyLength];
        var k = 0;
        for (var i = 0; i < n; i++)
        {
            if (inSample[i])
            {
                errors += alice[i] ^ bob[i];
                continue;
            }

            aliceKey[k] = alice[i];
            bobKey[k] = bob[i];
            eveKey[k] = eveKnows[i];
            k++;
        }

        return new QberSample(sampleSize, errors, aliceKey, bobKey, eveKey);
    }
}
