using System.Text;
using Org.BouncyCastle.Crypto.Prng;
using Org.BouncyCastle.Security;
using QBroker.Contracts.Qkd;
using QBroker.Grains.Qkd.Channels;

namespace QBroker.Grains.Tests.Qkd.Channels;

public sealed class QkdChannelTests
{
    /// <summary>
    /// Stands in for a QKD pool between two SAEs: the sender draws keys (as by enc_keys), the receiver fetches each
    /// once by id (as by dec_keys). Seeded, so runs repeat.
    /// </summary>
    private sealed class KeyStore(int seed)
    {
        private readonly Random _random = new(seed);
        private readonly Dictionary<Guid, byte[]> _awaitingReceiver = [];

        public bool Exhausted { get; set; }

        public int BytesDrawn { get; private set; }

        public DeliveredKey? Draw(int bytes)
        {
            if (Exhausted)
            {
                return null;
            }
            var key = new byte[bytes];
            _random.NextBytes(key);
            var id = new Guid(_random.Next(), 0, 0, [.. Enumerable.Range(0, 8).Select(_ => (byte)_random.Next(256))]);
            _awaitingReceiver[id] = [.. key];
            BytesDrawn += bytes;
            return new DeliveredKey(id, key);
        }

        public byte[]? Fetch(Guid id) => _awaitingReceiver.Remove(id, out var key) ? key : null;

        /// <summary>Puts a fetched key back (to check that a refused message left its key unspent).</summary>
        public void Return(Guid id, byte[] key) => _awaitingReceiver[id] = key;
    }

    private static SecureRandom SeededRandom(long seed)
    {
        var generator = new DigestRandomGenerator(new Org.BouncyCastle.Crypto.Digests.Sha256Digest());
        generator.AddSeedMaterial(seed);
        return new SecureRandom(generator);
    }

    /// <summary>Sender and receiver wired to a key store the way the channel grain wires them to key delivery.</summary>
    private sealed class Ends(QkdChannelSender sender, QkdChannelReceiver receiver, KeyStore keys)
    {
        public ChannelResult<SealedMessage> Seal(byte[] plaintext) => sender.Seal(plaintext, keys.Draw(sender.KeyBytesFor(plaintext.Length)));

        public ChannelResult<byte[]> Open(SealedMessage message) => receiver.Open(message, receiver.Expects(message) ? keys.Fetch(message.KeyId) : null);
    }

    private static (Ends Sender, Ends Receiver, KeyStore Keys) Channel(ChannelMode mode, int seed = 1)
    {
        var keys = new KeyStore(seed);
        var random = SeededRandom(seed);
        var kem = mode == ChannelMode.Hybrid ? HybridKem.GenerateKeyPair(random) : null;
        var ends = new Ends(new QkdChannelSender("skku->kaist", mode, kem?.Public, random), new QkdChannelReceiver("skku->kaist", mode, kem?.Private), keys);
        return (ends, ends, keys);
    }

    private static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    [Theory]
    [InlineData(ChannelMode.AesGcm)]
    [InlineData(ChannelMode.OneTimePad)]
    [InlineData(ChannelMode.Hybrid)]
    public void Messages_arrive_intact_in_every_mode(ChannelMode mode)
    {
        var (sender, receiver, _) = Channel(mode);

        foreach (var text in new[] { "job 42 results: 000 512, 111 488", "", "second message" })
        {
            var sealedMessage = sender.Seal(Text(text));
            Assert.True(sealedMessage.Succeeded);
            if (text.Length > 0)
            {
                Assert.NotEqual(Text(text), sealedMessage.Value!.Ciphertext);
            }
            var opened = receiver.Open(sealedMessage.Value!);
            Assert.True(opened.Succeeded, opened.Message);
            Assert.Equal(text, Encoding.UTF8.GetString(opened.Value!));
        }
    }

    [Fact]
    public void The_one_time_pad_spends_as_much_key_as_the_message_plus_the_tag_keys()
    {
        var (sender, _, keys) = Channel(ChannelMode.OneTimePad);

        sender.Seal(new byte[100]);

        Assert.Equal(100 + ChannelCrypto.OneTimePadOverheadBytes, keys.BytesDrawn);
    }

    [Theory]
    [InlineData(ChannelMode.AesGcm)]
    [InlineData(ChannelMode.OneTimePad)]
    [InlineData(ChannelMode.Hybrid)]
    public void A_replayed_message_is_refused(ChannelMode mode)
    {
        var (sender, receiver, _) = Channel(mode);
        var message = sender.Seal(Text("transfer")).Value!;

        Assert.True(receiver.Open(message).Succeeded);
        Assert.Equal(ChannelFailure.Replayed, receiver.Open(message).Failure);
    }

    [Fact]
    public void A_reordered_message_is_refused_until_its_predecessor_arrives_and_spends_no_key()
    {
        var (sender, receiver, keys) = Channel(ChannelMode.AesGcm);
        var first = sender.Seal(Text("first")).Value!;
        var second = sender.Seal(Text("second")).Value!;

        Assert.Equal(ChannelFailure.OutOfOrder, receiver.Open(second).Failure);
        var unspent = keys.Fetch(second.KeyId);
        Assert.NotNull(unspent);
        keys.Return(second.KeyId, unspent);
        Assert.Equal("first", Encoding.UTF8.GetString(receiver.Open(first).Value!));
        Assert.Equal("second", Encoding.UTF8.GetString(receiver.Open(second).Value!));
    }

    public static TheoryData<ChannelMode, string> Tamperings() => new()
    {
        { ChannelMode.AesGcm, "ciphertext" },
        { ChannelMode.AesGcm, "tag" },
        { ChannelMode.OneTimePad, "ciphertext" },
        { ChannelMode.OneTimePad, "tag" },
        { ChannelMode.Hybrid, "ciphertext" },
        { ChannelMode.Hybrid, "tag" },
        { ChannelMode.Hybrid, "kem" },
    };

    [Theory]
    [MemberData(nameof(Tamperings))]
    public void A_tampered_message_is_refused(ChannelMode mode, string part)
    {
        var (sender, receiver, _) = Channel(mode);
        var message = sender.Seal(Text("pay 100 credits to kaist")).Value!;
        static byte[] Flip(byte[] bytes)
        {
            var copy = bytes.ToArray();
            copy[0] ^= 1;
            return copy;
        }
        var tampered = part switch
        {
            "ciphertext" => message with { Ciphertext = Flip(message.Ciphertext) },
            "tag" => message with { Tag = Flip(message.Tag) },
            _ => message with { KemCiphertext = Flip(message.KemCiphertext!) },
        };

        Assert.Equal(ChannelFailure.Tampered, receiver.Open(tampered).Failure);
    }

    [Fact]
    public void A_message_for_another_channel_is_refused()
    {
        var (sender, _, keys) = Channel(ChannelMode.AesGcm);
        var message = sender.Seal(Text("hello")).Value!;
        var other = new QkdChannelReceiver("skku->unist", ChannelMode.AesGcm);

        Assert.False(other.Expects(message));
        Assert.Equal(ChannelFailure.WrongChannel, other.Open(message, keys.Fetch(message.KeyId)).Failure);
    }

    [Fact]
    public void With_no_key_the_channel_fails_closed_and_says_so()
    {
        var (sender, receiver, keys) = Channel(ChannelMode.AesGcm);
        var delivered = sender.Seal(Text("before")).Value!;
        keys.Exhausted = true;

        var refused = sender.Seal(Text("after"));

        Assert.False(refused.Succeeded);
        Assert.Null(refused.Value);
        Assert.Equal(ChannelFailure.NoKey, refused.Failure);
        Assert.Contains("No QKD key", refused.Message);
        // The receiver cannot read a message whose key it cannot fetch either.
        keys.Fetch(delivered.KeyId);
        Assert.Equal(ChannelFailure.NoKey, receiver.Open(delivered).Failure);
    }
}
