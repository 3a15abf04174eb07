using QBroker.Contracts.Qkd;
using QBroker.Grains.Qkd;

namespace QBroker.Grains.Tests.Qkd;

public sealed class DirectionalKeyPoolTests
{
    private static byte[] Bytes(int from, int count) => [.. Enumerable.Range(from, count).Select(i => (byte)i)];

    [Fact]
    public void Keys_come_out_first_in_first_out_and_leave_the_pool()
    {
        var pool = new DirectionalKeyPool(100);
        pool.Append(Bytes(0, 10));
        pool.Append(Bytes(10, 10));

        Assert.Equal(Bytes(0, 4), pool.TryDraw(4));
        Assert.Equal(Bytes(4, 10), pool.TryDraw(10));
        Assert.Equal(6, pool.Count);
        Assert.Equal(Bytes(14, 6), pool.Snapshot());
    }

    [Fact]
    public void A_draw_larger_than_the_pool_takes_nothing()
    {
        var pool = new DirectionalKeyPool(100, Bytes(0, 8));

        Assert.Null(pool.TryDraw(9));
        Assert.Equal(8, pool.Count);
    }

    [Fact]
    public void Appending_past_capacity_keeps_only_what_fits()
    {
        var pool = new DirectionalKeyPool(16);

        Assert.Equal(10, pool.Append(Bytes(0, 10)));
        Assert.Equal(6, pool.Append(Bytes(10, 10)));
        Assert.True(pool.IsFull);
        Assert.Equal(Bytes(0, 16), pool.Snapshot());
    }

    [Theory]
    [InlineData(0, KeyPoolState.Empty)]
    [InlineData(5, KeyPoolState.Low)]
    [InlineData(10, KeyPoolState.Charging)]
    [InlineData(49, KeyPoolState.Charging)]
    [InlineData(50, KeyPoolState.Ready)]
    [InlineData(100, KeyPoolState.Ready)]
    public void The_state_follows_the_thresholds(int stored, KeyPoolState expected)
    {
        var pool = new DirectionalKeyPool(100, new byte[stored]);

        Assert.Equal(expected, pool.State(lowFraction: 0.1, readyFraction: 0.5));
    }
}
