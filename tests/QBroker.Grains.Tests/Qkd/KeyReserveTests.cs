using QBroker.Grains.Qkd;

namespace QBroker.Grains.Tests.Qkd;

public sealed class KeyReserveTests
{
    [Fact]
    public void Takes_successive_bytes_once_and_wipes_what_it_handed_out()
    {
        var key = new byte[] { 1, 2, 3, 4, 5, 6 };
        var reserve = new KeyReserve(3, ["a-b"], key, 1);

        Assert.Equal([2, 3], reserve.Take(2));
        Assert.Equal([4], reserve.Take(1));
        Assert.Equal(4, reserve.ConsumedBytes);
        Assert.Equal(2, reserve.RemainingBytes);
        Assert.Equal([1, 0, 0, 0, 5, 6], key);
        Assert.Throws<ArgumentOutOfRangeException>(() => reserve.Take(3));
    }

    [Fact]
    public void The_rest_moves_out_whole_and_a_wiped_reserve_holds_nothing()
    {
        var reserve = new KeyReserve(1, ["a-b"], [7, 8, 9], 0);
        reserve.Take(1);

        Assert.Equal([8, 9], reserve.TakeRest());
        Assert.Empty(reserve.TakeRest());

        var other = new KeyReserve(1, ["a-b"], [7, 8, 9], 0);
        other.Wipe();
        Assert.Equal(0, other.RemainingBytes);
        Assert.Equal([0, 0, 0], other.Key);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(4)]
    public void A_consumed_offset_outside_the_key_is_refused(int consumed) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new KeyReserve(1, [], [1, 2, 3], consumed));
}
