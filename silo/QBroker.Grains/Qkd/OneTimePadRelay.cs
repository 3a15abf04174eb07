namespace QBroker.Grains.Qkd;

/// <summary>
/// Trusted-node key relay (e.g. the SECOQC and Tokyo QKD networks): the end-to-end key is the first hop's key
/// k1; each intermediate node, holding the keys of its two hops, announces k_i XOR k_(i+1) in public; the slave
/// XORs every announcement into its own last-hop key and recovers k1. Each announcement is one-time-pad
/// encrypted, so an outsider learns nothing; the relays themselves must be trusted.
/// </summary>
public static class OneTimePadRelay
{
    /// <summary>The public announcements of the intermediate nodes, in path order (one fewer than the hops).</summary>
    public static IReadOnlyList<byte[]> Announcements(IReadOnlyList<byte[]> hopKeys)
    {
        RequireEqualLengths(hopKeys);
        var announcements = new List<byte[]>(hopKeys.Count - 1);
        for (var i = 0; i + 1 < hopKeys.Count; i++)
        {
            announcements.Add(Xor(hopKeys[i], hopKeys[i + 1]));
        }
        return announcements;
    }

    /// <summary>What the slave computes from its last-hop key and the announcements: the master's key k1.</summary>
    public static byte[] Recover(byte[] lastHopKey, IReadOnlyList<byte[]> announcements)
    {
        var key = lastHopKey.ToArray();
        foreach (var announcement in announcements)
        {
            if (announcement.Length != key.Length)
            {
                throw new ArgumentException("Every announcement must be as long as the key.", nameof(announcements));
            }
            for (var i = 0; i < key.Length; i++)
            {
                key[i] ^= announcement[i];
            }
        }
        return key;
    }

    private static byte[] Xor(byte[] a, byte[] b)
    {
        var result = new byte[a.Length];
        for (var i = 0; i < a.Length; i++)
        {
            result[i] = (byte)(a[i] ^ b[i]);
        }
        return result;
    }

    private static void RequireEqualLengths(IReadOnlyList<byte[]> hopKeys)
    {
        if (hopKeys.Count == 0 || hopKeys.Any(k => k.Length != hopKeys[0].Length))
        {
            throw new ArgumentException("A relay needs at least one hop key, all of the same length.", nameof(hopKeys));
        }
    }
}
