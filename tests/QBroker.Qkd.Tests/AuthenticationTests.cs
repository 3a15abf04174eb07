using QBroker.Qkd.Authentication;

namespace QBroker.Qkd.Tests;

public sealed class AuthenticationTests
{
    [Fact]
    public void A_tampered_message_fails_verification_and_an_honest_one_passes()
    {
        var secret = Enumerable.Range(0, 128).Select(i => (byte)(i * 7)).ToArray();
        var honest = AuthenticatedChannel.Open(new AuthenticationKeyPool(secret), new AuthenticationKeyPool(secret))!;
        honest.AliceSends(ClassicalMessage.CascadeParities, [1, 2, 3]);
        honest.BobSends(ClassicalMessage.BinaryRequests, [4]);
        Assert.True(honest.ClosePhase());

        var attacked = AuthenticatedChannel.Open(
            new AuthenticationKeyPool(secret),
            new AuthenticationKeyPool(secret),
            (kind, bytes) => kind == ClassicalMessage.BinaryRequests ? [.. bytes.Select(b => (byte)(b ^ 1))] : bytes)!;
        attacked.AliceSends(ClassicalMessage.CascadeParities, [1, 2, 3]);
        Assert.True(attacked.ClosePhase());
        attacked.BobSends(ClassicalMessage.BinaryRequests, [4]);
        Assert.False(attacked.ClosePhase());
    }

    [Fact]
    public void Every_tag_consumes_fresh_pool_key()
    {
        var pool = new AuthenticationKeyPool(new byte[40]);
        var other = new AuthenticationKeyPool(new byte[40]);
        var channel = AuthenticatedChannel.Open(pool, other)!;
        Assert.Equal(256, pool.AvailableBits);
        Assert.True(channel.ClosePhase());
        Assert.Equal(128, pool.AvailableBits);
        Assert.True(channel.ClosePhase());
        Assert.False(channel.ClosePhase());
    }

    [Fact]
    public void Polynomial_hash_separates_messages_of_different_length_and_content()
    {
        const ulong Key = 0x123456789ABCDEF1;
        var empty = PolynomialHash.Compute(Key, []);
        var zero = PolynomialHash.Compute(Key, [0]);
        var twoZeros = PolynomialHash.Compute(Key, [0, 0]);
        Assert.NotEqual(empty, zero);
        Assert.NotEqual(zero, twoZeros);
        Assert.NotEqual(PolynomialHash.Compute(Key, [1, 2]), PolynomialHash.Compute(Key, [2, 1]));
        Assert.Equal(PolynomialHash.Compute(Key, [1, 2]), PolynomialHash.Compute(Key, [1, 2]));
    }

    [Fact]
    public void Pool_hands_out_key_first_in_first_out_and_never_twice()
    {
        var pool = new AuthenticationKeyPool([1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0]);
        Assert.True(pool.TryDrawWord(out var first));
        Assert.True(pool.TryDrawWord(out var second));
        Assert.Equal(1UL, first);
        Assert.Equal(2UL, second);
        Assert.False(pool.TryDrawWord(out _));
        Assert.Equal(128, pool.ConsumedBits);
    }

    [Fact]
    public void A_copy_consumes_independently_of_its_original()
    {
        var pool = new AuthenticationKeyPool([1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0]);
        Assert.True(pool.TryDrawWord(out _));
        var copy = pool.Copy();
        Assert.True(copy.TryDrawWord(out var fromCopy));
        Assert.Equal(2UL, fromCopy);
        Assert.Equal(128, copy.ConsumedBits);
        Assert.Equal(64, pool.ConsumedBits);
        Assert.Equal(pool.ReplenishedBits, copy.ReplenishedBits);
        Assert.Equal(new byte[] { 2, 0, 0, 0, 0, 0, 0, 0 }, pool.Snapshot());
        Assert.Empty(copy.Snapshot());
    }
}
