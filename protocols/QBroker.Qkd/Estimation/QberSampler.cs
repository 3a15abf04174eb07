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
        var inSample = new byte[n];
        // Partial Fisher-Yates: the first sampleSize entries of a shuffled index list are a uniform subset. The list
        // starts as the identity, kept implicit: an entry holds its index plus one once a swap has moved it, and 0
        // (as allocated) while it still holds its own position, which saves writing the whole list first.
        var moved = new int[n];
        for (var i = 0; i < sampleSize; i++)
        {
            var j = i + random.NextInt32(n - i);
            var atI = moved[i] == 0 ? i : moved[i] - 1;
            var atJ = moved[j] == 0 ? j : moved[j] - 1;
            moved[j] = atI + 1;
            inSample[atJ] = 1;
        }

        // One bit in ten is sampled at random, which a branch per bit would mispredict; every bit is written to the
        // next key slot and the slot kept only if the bit stays out of the sample. Once the key is full, every bit
        // left is in the sample. So every key slot is written, and the keys need not be zeroed first.
        var errors = 0;
        var keyLength = n - sampleSize;
        var aliceKey = GC.AllocateUninitializedArray<byte>(keyLength);
        var bobKey = GC.AllocateUninitializedArray<byte>(keyLength);
        var eveKey = GC.AllocateUninitializedArray<byte>(keyLength);
        var k = 0;
        var next = 0;
        for (; k < keyLength; next++)
        {
            var sampled = inSample[next];
            aliceKey[k] = alice[next];
            bobKey[k] = bob[next];
            eveKey[k] = eveKnows[next];
            errors += (alice[next] ^ bob[next]) & sampled;
            k += 1 - sampled;
        }

        for (; next < n; next++)
        {
            errors += alice[next] ^ bob[next];
        }

        return new QberSample(sampleSize, errors, aliceKey, bobKey, eveKey);
    }
}
