using QBroker.Qkd.Bits;
using QBroker.Qkd.Randomness;

namespace QBroker.Qkd.Tests;

public sealed class CarrylessMultiplicationTests
{
    [Fact]
    public void Word_product_matches_the_portable_reference()
    {
        var random = new DeterministicRandom(11);
        for (var i = 0; i < 2000; i++)
        {
            var a = random.NextUInt64();
            var b = random.NextUInt64();
            Assert.Equal(CarrylessMultiplication.MultiplyWordsPortable(a, b), CarrylessMultiplication.MultiplyWords(a, b));
        }
    }

    [Fact]
    public void Known_small_products()
    {
        // (x + 1)^2 = x^2 + 1 over GF(2); x^63 * x = x^64 lands in the high word.
        Assert.Equal((5UL, 0UL), CarrylessMultiplication.MultiplyWordsPortable(3, 3));
        Assert.Equal((0UL, 1UL), CarrylessMultiplication.MultiplyWordsPortable(1UL << 63, 2));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 7)]
    [InlineData(24, 24)]
    [InlineData(33, 33)]
    [InlineData(97, 50)]
    [InlineData(200, 333)]
    public void Karatsuba_product_matches_schoolbook(int aWords, int bWords) =>
        AssertMatchesSchoolbook(aWords, bWords, CarrylessMultiplication.BestKernel);

    [Theory]
    [InlineData(CarrylessKernel.Portable)]
    [InlineData(CarrylessKernel.Pclmul128)]
    [InlineData(CarrylessKernel.Pclmul512)]
    public void Every_kernel_gives_the_same_product(CarrylessKernel kernel)
    {
        var supported = kernel switch
        {
            CarrylessKernel.Pclmul512 => System.Runtime.Intrinsics.X86.Pclmulqdq.V512.IsSupported,
            CarrylessKernel.Pclmul128 => System.Runtime.Intrinsics.X86.Pclmulqdq.IsSupported,
            _ => true,
        };
        if (!supported)
        {
            Assert.Throws<PlatformNotSupportedException>(() => CarrylessMultiplication.Multiply([1UL], [1UL], kernel));
            return;
        }

        AssertMatchesSchoolbook(5, 13, kernel);
        AssertMatchesSchoolbook(70, 70, kernel);
        AssertMatchesSchoolbook(129, 40, kernel);
    }

    private static void AssertMatchesSchoolbook(int aWords, int bWords, CarrylessKernel kernel)
    {
        var random = new DeterministicRandom((ulong)((aWords * 1000) + bWords));
        var a = Enumerable.Range(0, aWords).Select(_ => random.NextUInt64()).ToArray();
        var b = Enumerable.Range(0, bWords).Select(_ => random.NextUInt64()).ToArray();
        var expected = new ulong[aWords + bWords];
        for (var i = 0; i < aWords; i++)
        {
            for (var j = 0; j < bWords; j++)
            {
                var (low, high) = CarrylessMultiplication.MultiplyWordsPortable(a[i], b[j]);
                expected[i + j] ^= low;
                expected[i + j + 1] ^= high;
            }
        }

        Assert.Equal(expected, CarrylessMultiplication.Multiply(a, b, kernel));
    }

    [Theory]
    [InlineData(1, CarrylessKernel.Portable)]
    [InlineData(5, CarrylessKernel.Pclmul128)]
    [InlineData(64, CarrylessKernel.Pclmul128)]
    [InlineData(33, CarrylessKernel.Pclmul512)]
    [InlineData(96, CarrylessKernel.Pclmul512)]
    [InlineData(256, CarrylessKernel.Pclmul512)]
    public void Middle_product_is_the_middle_slice_of_the_full_product(int words, CarrylessKernel kernel)
    {
        // On a processor without the kernel's instructions the best one it has stands in.
        if ((kernel == CarrylessKernel.Pclmul512 && !System.Runtime.Intrinsics.X86.Pclmulqdq.V512.IsSupported)
            || (kernel == CarrylessKernel.Pclmul128 && !System.Runtime.Intrinsics.X86.Pclmulqdq.IsSupported))
        {
            kernel = CarrylessMultiplication.BestKernel;
        }

        var random = new DeterministicRandom((ulong)words);
        var x = Enumerable.Range(0, words).Select(_ => random.NextUInt64()).ToArray();
        var y = Enumerable.Range(0, 2 * words).Select(_ => random.NextUInt64()).ToArray();
        var full = CarrylessMultiplication.Multiply(x, y, CarrylessKernel.Portable);
        Assert.Equal(BitPacking.Slice(full, (64 * words) - 1, 64 * words), CarrylessMultiplication.MiddleProduct(x, y, kernel));
    }

    [Fact]
    public void Field_multiplication_is_commutative_distributive_and_reduces_x64()
    {
        var random = new DeterministicRandom(5);
        for (var i = 0; i < 500; i++)
        {
            var a = random.NextUInt64();
            var b = random.NextUInt64();
            var c = random.NextUInt64();
            Assert.Equal(GaloisField64.Multiply(a, b), GaloisField64.Multiply(b, a));
            Assert.Equal(GaloisField64.Multiply(a, b ^ c), GaloisField64.Multiply(a, b) ^ GaloisField64.Multiply(a, c));
            Assert.Equal(GaloisField64.Multiply(GaloisField64.Multiply(a, b), c), GaloisField64.Multiply(a, GaloisField64.Multiply(b, c)));
        }

        // x^63 * x = x^64 = x^4 + x^3 + x + 1.
        Assert.Equal(0x1BUL, GaloisField64.Multiply(1UL << 63, 2));
        Assert.Equal(42UL, GaloisField64.Multiply(42, 1));
    }
}
