using QBroker.Qkd.Bits;
using QBroker.Qkd.Randomness;

namespace QBroker.Qkd.Tests;

public sealed class AdditiveFftTests
{
    [Fact]
    public void Cantor_basis_satisfies_its_recurrence()
    {
        var basis = AdditiveFft.CantorBasis;
        Assert.Equal(1UL, basis[0]);
        for (var i = 1; i < basis.Length; i++)
        {
            Assert.Equal(basis[i - 1], GaloisField64.Multiply(basis[i], basis[i]) ^ basis[i]);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(7)]
    public void Forward_transform_of_the_converted_polynomial_evaluates_it_at_every_point(int levels)
    {
        // Horner's rule on the monomial coefficients at omega_u is the definition the two steps must reproduce.
        var random = new DeterministicRandom((ulong)levels);
        var size = 1 << levels;
        var coefficients = Enumerable.Range(0, size).Select(_ => random.NextUInt64()).ToArray();
        var values = coefficients.ToArray();
        AdditiveFft.ToNovelBasis(values, levels);
        AdditiveFft.Forward(values, levels);
        for (var u = 0; u < size; u++)
        {
            var point = AdditiveFft.Point(u);
            ulong horner = 0;
            for (var j = size - 1; j >= 0; j--)
            {
                horner = GaloisField64.Multiply(horner, point) ^ coefficients[j];
            }

            Assert.Equal(horner, values[u]);
        }
    }

    [Theory]
    [InlineData(5)]
    [InlineData(12)]
    public void Inverse_steps_undo_the_forward_steps(int levels)
    {
        var random = new DeterministicRandom(9);
        var original = Enumerable.Range(0, 1 << levels).Select(_ => random.NextUInt64()).ToArray();
        var values = original.ToArray();
        AdditiveFft.ToNovelBasis(values, levels);
        AdditiveFft.Forward(values, levels);
        Assert.NotEqual(original, values);
        AdditiveFft.Inverse(values, levels);
        AdditiveFft.FromNovelBasis(values, levels);
        Assert.Equal(original, values);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(31, 33)]
    [InlineData(64, 64)]
    [InlineData(1000, 77)]
    [InlineData(4097, 12_345)]
    [InlineData(100_003, 65_536)]
    public void Product_matches_the_karatsuba_product(int aBits, int bBits)
    {
        var random = new DeterministicRandom((ulong)(aBits + bBits));
        var a = RandomBits(random, aBits);
        var b = RandomBits(random, bBits);
        var expected = BitPacking.Slice(CarrylessMultiplication.Multiply(a, b), 0, aBits + bBits - 1);
        Assert.Equal(expected, AdditiveFft.Multiply(a, aBits, b, bBits));
    }

    [Theory]
    [InlineData(100_000, 120_000, 99_999, 20_000, true)] // a Toeplitz hash's slice: the wrap lands below it
    [InlineData(1_048_576, 1_300_000, 1_048_575, 251_425, true)]
    [InlineData(200_000, 250_000, 199_999, 50_000, false)] // k = 13: C(13, 12) is odd, the fold would reach the slice
    [InlineData(5000, 7000, 0, 11_999, false)] // the whole product
    [InlineData(4097, 12_345, 3000, 500, false)]
    public void A_slice_of_the_product_matches_the_karatsuba_product(int aBits, int bBits, int start, int count, bool halfSize)
    {
        var random = new DeterministicRandom((ulong)(aBits + start));
        var a = RandomBits(random, aBits);
        var b = RandomBits(random, bBits);
        var expected = BitPacking.Slice(CarrylessMultiplication.Multiply(a, b), start, count);
        Assert.Equal(expected, AdditiveFft.MultiplySlice(a, aBits, b, bBits, start, count));
        // Whether the transform could stop at the size that holds the larger factor, below the whole product's.
        var wholeLevels = (int)Math.Ceiling(Math.Log2(((aBits + 31) / 32) + ((bBits + 31) / 32) - 1));
        Assert.Equal(halfSize, AdditiveFft.SliceLevels(aBits, bBits, start) < wholeLevels);
    }

    private static ulong[] RandomBits(DeterministicRandom random, int bits)
    {
        var words = Enumerable.Range(0, BitPacking.WordCount(bits)).Select(_ => random.NextUInt64()).ToArray();
        return BitPacking.Slice(words, 0, bits);
    }
}
