using System.Globalization;
using QBroker.Qasm.Lexing;

namespace QBroker.Qasm.Tests;

public sealed class NumberLiteralTests
{
    /// <summary>The fast decimal path must give bit-for-bit the value double.Parse gives, on every shape of literal.</summary>
    [Fact]
    public void Literal_values_match_double_parse_exactly()
    {
        var random = new Random(1990);
        for (var i = 0; i < 20_000; i++)
        {
            var text = random.Next(5) switch
            {
                0 => random.Next().ToString(CultureInfo.InvariantCulture),
                1 => random.NextDouble().ToString("R", CultureInfo.InvariantCulture),
                2 => (random.NextDouble() * Math.Pow(10, random.Next(-5, 12))).ToString("F" + random.Next(0, 12), CultureInfo.InvariantCulture),
                3 => $"{random.Next(1000)}.{random.Next(1_000_000):D6}e{random.Next(-30, 30)}",
                _ => $"{random.NextInt64(1, long.MaxValue)}.{random.Next(100)}",
            };

            var literal = NumberLiteral.Of(new Token(TokenKind.Number, 0, text.Length, SourcePosition.Start), text);

            Assert.Equal(double.Parse(text, CultureInfo.InvariantCulture), literal.Value);
        }
    }

    [Theory]
    [InlineData("42", 42UL)]
    [InlineData("18446744073709551615", ulong.MaxValue)]
    [InlineData("0x1F", 31UL)]
    [InlineData("0b1_01", 5UL)]
    [InlineData("1_000", 1000UL)]
    public void Integer_literals_keep_their_exact_value(string text, ulong expected) =>
        Assert.Equal(expected, NumberLiteral.Of(new Token(TokenKind.Number, 0, text.Length, SourcePosition.Start), text).ExactInteger);

    [Theory]
    [InlineData("1.5")]
    [InlineData("1e3")]
    [InlineData("18446744073709551616")]
    public void Non_integers_and_integers_beyond_64_bits_have_no_exact_value(string text) =>
        Assert.Null(NumberLiteral.Of(new Token(TokenKind.Number, 0, text.Length, SourcePosition.Start), text).ExactInteger);
}
