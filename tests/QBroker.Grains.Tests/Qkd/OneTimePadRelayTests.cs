using QBroker.Grains.Qkd;

namespace QBroker.Grains.Tests.Qkd;

public sealed class OneTimePadRelayTests
{
    private static byte[] RandomKey(Random random, int length)
    {
        var key = new byte[length];
        random.NextBytes(key);
        return key;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void The_slave_recovers_the_first_hop_key_from_its_own_hop_key_and_the_announcements(int hops)
    {
        var random = new Random(hops);
        var hopKeys = Enumerable.Range(0, hops).Select(_ => RandomKey(random, 32)).ToList();

        var announcements = OneTimePadRelay.Announcements(hopKeys);

        Assert.Equal(hops - 1, announcements.Count);
        Assert.Equal(hopKeys[0], OneTimePadRelay.Recover(hopKeys[^1], announcements));
        // Each announcement is the key padded with an independent hop key, so it never shows the key itself.
        Assert.All(announcements, a => Assert.NotEqual(hopKeys[0], a));
    }

    [Fact]
    public void Hop_keys_of_different_lengths_are_refused()
    {
        Assert.Throws<ArgumentException>(() => OneTimePadRelay.Announcements([new byte[8], new byte[16]]));
    }
}
