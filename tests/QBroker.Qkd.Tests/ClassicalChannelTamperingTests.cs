using QBroker.Qkd.Authentication;
using QBroker.Qkd.Bits;
using QBroker.Qkd.Links;
using QBroker.Qkd.Physics;
using QBroker.Qkd.Randomness;
using QBroker.Qkd.Sessions;

namespace QBroker.Qkd.Tests;

/// <summary>
/// An active adversary on the classical channel alters one kind of message: whatever the kind, the session must
/// abort on authentication and release nothing; an adversary who only listens changes nothing.
/// </summary>
public sealed class ClassicalChannelTamperingTests
{
    private const long Pulses = 20_000_000;

    private static readonly LinkConfiguration Decoy25 = LinkConfiguration.GobbyYuanShields(25);

    private static readonly LinkConfiguration Bbm92Link = Bbm92Tests.Link20;

    [Theory]
    [InlineData(ClassicalMessage.BobBases)]
    [InlineData(ClassicalMessage.AliceSiftingAnswer)]
    [InlineData(ClassicalMessage.DecoyBits)]
    [InlineData(ClassicalMessage.SampleSize)]
    [InlineData(ClassicalMessage.SampleErrors)]
    [InlineData(ClassicalMessage.CascadeParities)]
    [InlineData(ClassicalMessage.BinaryRequests)]
    [InlineData(ClassicalMessage.VerificationTag)]
    [InlineData(ClassicalMessage.PrivacyAmplificationSeed)]
    public void Tampering_with_any_decoy_session_message_fails_authentication(ClassicalMessage target)
    {
        var result = new QkdSession(Decoy25, Tamper(target)).Run(1, Pulses);
        Assert.Equal(AbortReason.AuthenticationFailed, result.Report.AbortReason);
        Assert.Empty(result.AliceKey);
        Assert.Empty(result.BobKey);
    }

    [Theory]
    [InlineData(ClassicalMessage.BobBases)]
    [InlineData(ClassicalMessage.AliceSiftingAnswer)]
    [InlineData(ClassicalMessage.TestOutcomes)]
    [InlineData(ClassicalMessage.BinaryRequests)]
    public void Tampering_with_a_bbm92_session_message_fails_authentication(ClassicalMessage target)
    {
        var result = new QkdSession(Bbm92Link, Tamper(target)).Run(2, 100_000_000);
        Assert.Equal(AbortReason.AuthenticationFailed, result.Report.AbortReason);
        Assert.Empty(result.AliceKey);
    }

    [Fact]
    public void An_adversary_who_only_listens_changes_nothing()
    {
        var heard = new HashSet<ClassicalMessage>();
        var listened = new QkdSession(Decoy25, (kind, sent) =>
        {
            heard.Add(kind);
            return sent;
        }).Run(3, Pulses);
        var honest = new QkdSession(Decoy25).Run(3, Pulses);
        Assert.False(listened.Report.Aborted, listened.Report.AbortReason.ToString());
        Assert.Equal(honest.AliceKey, listened.AliceKey);
        Assert.Equal(Enum.GetValues<ClassicalMessage>().Except([ClassicalMessage.TestOutcomes]), heard.Order());
    }

    [Fact]
    public void Bobs_bbm92_announcement_carries_his_test_settings_as_well_as_his_key_bases()
    {
        const ulong Seed = 4;
        byte[]? announced = null;
        new QkdSession(Bbm92Link, (kind, sent) =>
        {
            announced ??= kind == ClassicalMessage.BobBases ? sent : null;
            return sent;
        }).Run(Seed, Pulses);

        // The session's physics stream is the first fork of its seed: replay it to see what Bob really chose.
        var events = EntangledPhysicalLayer.Simulate(Bbm92Link, Pulses, new DeterministicRandom(Seed).Fork(1));
        Assert.NotNull(announced);
        Assert.Contains(events.BobBases.Take(events.Count), setting => setting >= EntangledPhysicalLayer.FirstTestSetting);
        for (var i = 0; i < events.Count; i++)
        {
            Assert.Equal(events.BobBases[i], (announced[i / 4] >> (2 * (i % 4))) & 3);
        }
    }

    [Fact]
    public void Packed_fields_keep_every_bit_of_their_values_and_refuse_values_too_wide()
    {
        Assert.Equal(new byte[] { 0b11_10_01_00, 0b10 }, BitPacking.PackFields([0, 1, 2, 3, 2], 2));
        Assert.NotEqual(BitPacking.PackFields([0], 2), BitPacking.PackFields([2], 2));
        Assert.Equal(new byte[] { 0b101 }, BitPacking.PackFields([1, 0, 1], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => BitPacking.PackFields([2], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => BitPacking.PackFields([1], 3));
    }

    /// <summary>Flips the first bit of every message of the target kind (or adds a byte to an empty one).</summary>
    private static ClassicalChannelTamper Tamper(ClassicalMessage target) => (kind, sent) =>
    {
        if (kind != target)
        {
            return sent;
        }

        if (sent.Length == 0)
        {
            return [1];
        }

        var altered = sent.ToArray();
        altered[0] ^= 1;
        return altered;
    };
}
