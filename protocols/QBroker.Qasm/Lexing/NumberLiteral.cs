using System.Globalization;

namespace QBroker.Qasm.Lexing;

/// <summary>The value of a number token the lexer has already checked for syntax (decimal, scientific, 0x/0o/0b, '_' separators).</summary>
internal readonly record struct NumberLiteral(double Value, ulong? ExactInteger)
{
    public static NumberLiteral Of(Token token, string source)
    {
        var text = token.Span(source);
        var digits = text.Contains('_') ? text.ToString().Replace("_", string.Empty, StringComparison.Ordinal).AsSpan() : text;
        if (digits.Length > 2 && digits[0] == '0' && digits[1] is 'x' or 'X' or 'b' or 'B' or 'o' or 'O')
        {
            return OfRadix(digits, token);
        }
        var value = double.Parse(digits, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!double.IsFinite(value))
        {
            throw token.Position.Error($"number '{Shorten(text)}' is too large");
        }
        var isInteger = !digits.ContainsAny('.', 'e', 'E');
        ulong? exact = isInteger && ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var integer) ? integer : null;
        return new NumberLiteral(value, exact);
    }

    private static NumberLiteral OfRadix(ReadOnlySpan<char> digits, Token token)
    {
        var radix = char.ToLowerInvariant(digits[1]) switch
        {
            'x' => 16u,
            'b' => 2u,
            _ => 8u,
        };
        ulong value = 0;
        foreach (var c in digits[2..])
        {
            var digit = (uint)(c <= '9' ? c - '0' : char.ToLowerInvariant(c) - 'a' + 10);
            if (value > (ulong.MaxValue - digit) / radix)
            {
                throw token.Position.Error($"integer literal '{Shorten(digits)}' is too large");
            }
            value = (value * radix) + digit;
        }
        return new NumberLiteral(value, value);
    }

    private static string Shorten(ReadOnlySpan<char> text) => text.Length <= 40 ? text.ToString() : string.Concat(text[..40], "…");
}
