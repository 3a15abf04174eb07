using QBroker.Qkd.Bits;
using QBroker.Qkd.PrivacyAmplification;
using QBroker.Qkd.Randomness;

namespace QBroker.Qkd.Tests;

public sealed class ToeplitzHashTests
{
    /// <summary>The nine test vectors of cryptomite's test_toeplitz.py (team note (c).3): x, seed y, output z.</summary>
    [Theory]
    [InlineData("100", "1111", "11")]
    [InlineData("110001", "110101001", "0111")]
    [InlineData("001100", "00111101101", "111010")]
    [InlineData("111111011", "001100010101101", "0000111")]
    [InlineData("010011111", "01001111001101111", "001001011")]
    [InlineData("100", "000", "0")]
    [InlineData("000", "11000", "000")]
    [InlineData("110001", "0011110101", "00001")]
    [InlineData("100111100", "1101010011000001", "11111010")]
    public void Reproduces_cryptomite_vectors(string x, string y, string z)
    {
        var output = ToeplitzHash.Hash(Pack(x), x.Length, Pack(y), z.Length);
        Assert.Equal(z, Unpack(output, z.Length));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(64, 64)]
    [InlineData(65, 3)]
    [InlineData(1000, 999)]
    [InlineData(3001, 1500)]
    [InlineData(5000, 77)]
    public void Agrees_with_the_matrix_definition(int n, int m)
    {
        var random = new DeterministicRandom((ulong)((n * 31) + m));
        var x = RandomWords(random, n);
        var y = RandomWords(random, n + m - 1);
        var fast = ToeplitzHash.Hash(x, n, y, m);
        for (var k = 0; k < m; k++)
        {
            var bit = 0;
            for (var i = 0; i < n; i++)
            {
                var seedIndex = k >= i ? k - i : m + n - 1 + k - i;
                bit ^= BitPacking.GetBit(x, i) & BitPacking.GetBit(y, seedIndex);
            }

            Assert.Equal(bit, BitPacking.GetBit(fast, k));
        }
    }

    [Theory]
    [InlineData(100_000, 9_000)]
    [InlineData(70_001, 40_000)]
    [InlineData(16_384, 16_384)]
    public void Large_blocks_agree_with_the_middle_of_the_full_product(int n, int m)
    {
        // x . w, with w the diagonals y[m .. m+n-2] then y[0 .. m-1]: z is bits n-1 .. n+m-2 of the product. This
        // exercises several levels of the blocked middle product, where the bit-by-bit definition would be too slow.
        var random = new DeterministicRandom((ulong)(n + m));
        var x = RandomWords(random, n);
        var y = RandomWords(random, n + m - 1);
        var diagonals = new byte[n + m - 1];
        for (var j = 0; j < n - 1; j++)
        {
            diagonals[j] = (byte)BitPacking.GetBit(y, m + j);
        }

        for (var j = 0; j < m; j++)
        {
            diagonals[n - 1 + j] = (byte)BitPacking.GetBit(y, j);
        }

        var product = CarrylessMultiplication.Multiply(x, BitPacking.PackToWords(diagonals));
        Assert.Equal(BitPacking.Slice(product, n - 1, m), ToeplitzHash.Hash(x, n, y, m));
        Assert.Equal(BitPacking.Slice(product, n - 1, m), ToeplitzHash.HashByMiddleProducts(x, n, y, m));
    }

    [Fact]
    public void Fft_and_middle_product_hashes_agree_on_a_one_megabit_block()
    {
        const int n = 1 << 20;
        const int m = 300_001;
        var random = new DeterministicRandom(12);
        var x = RandomWords(random, n);
        var y = RandomWords(random, n + m - 1);
        Assert.Equal(ToeplitzHash.HashByMiddleProducts(x, n, y, m), ToeplitzHash.Hash(x, n, y, m));
    }

    [Theory]
    [InlineData(37, 5)]
    [InlineData(999, 999)]
    [InlineData(2500, 1201)]
    public void Middle_product_hash_agrees_with_the_matrix_definition(int n, int m)
    {
        var random = new DeterministicRandom((ulong)((n * 7) + m));
        var x = RandomWords(random, n);
        var y = RandomWords(random, n + m - 1);
        var blocked = ToeplitzHash.HashByMiddleProducts(x, n, y, m);
        for (var k = 0; k < m; k++)
        {
            var bit = 0;
            for (var i = 0; i < n; i++)
            {
                var seedIndex = k >= i ? k - i : m + n - 1 + k - i;
                bit ^= BitPacking.GetBit(x, i) & BitPacking.GetBit(y, seedIndex);
            }

            Assert.Equal(bit, BitPacking.GetBit(blocked, k));
        }
    }

    [Fact]
    public void Is_linear_so_different_inputs_differ_exactly_when_their_xor_hashes_to_non_zero()
    {
        var random = new DeterministicRandom(7);
        const int n = 2048;
        const int m = 512;
        var a = RandomWords(random, n);
        var b = RandomWords(random, n);
        var y = RandomWords(random, n + m - 1);
        var sum = a.Zip(b, (p, q) => p ^ q).ToArray();
        var expected = ToeplitzHash.Hash(sum, n, y, m);
        var actual = ToeplitzHash.Hash(a, n, y, m).Zip(ToeplitzHash.Hash(b, n, y, m), (p, q) => p ^ q).ToArray();
        Assert.Equal(expected, actual);
    }

    private static ulong[] RandomWords(DeterministicRandom random, int bits)
    {
        var words = new ulong[BitPacking.WordCount(bits)];
        for (var i = 0; i < words.Length; i++)
        {
            words[i] = random.NextUInt64();
        }

        return BitPacking.Slice(words, 0, bits);
    }

    private static ulong[] Pack(string bits) => BitPacking.PackToWords(bits.Select(c => (byte)(c - '0')).ToArray());

    private static string Unpack(ulong[] words, int count) =>
        new([.. Enumerable.Range(0, count).Select(i => (char)('0' + BitPacking.GetBit(words, i)))]);
}
