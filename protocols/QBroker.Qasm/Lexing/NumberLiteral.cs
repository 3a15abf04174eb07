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
        if (TryFastDecimal(digits, out var fast))
        {
            return fast;
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

    /// <summary>Powers of ten that are exact doubles (10^22 is the largest).</summary>
    private static readonly double[] ExactPowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];

    /// <summary>
    /// Clinger's fast path (W. D. Clinger, "How to read floating point numbers accurately", PLDI 1990): a decimal
    /// with at most 15 significant digits and no exponent is m / 10^k with m and 10^k both exact doubles, and one
    /// IEEE division is correctly rounded, so the result equals double.Parse's. Transpiled programs are mostly
    /// such literals; anything else takes the general parser.
    /// </summary>
    private static bool TryFastDecimal(ReadOnlySpan<char> digits, out NumberLiteral literal)
    {
        literal = default;
        if (digits.Length > 16)
        {
            return false;
        }
        ulong mantissa = 0;
        var fractionDigits = -1;
        var digitCount = 0;
        foreach (var c in digits)
        {
            if (c == '.')
            {
                if (fractionDigits >= 0)
                {
                    return false;
                }
                fractionDigits = 0;
                continue;
            }
            if (!char.IsAsciiDigit(c) || ++digitCount > 15)
            {
                return false;
            }
            mantissa = (mantissa * 10) + (ulong)(c - '0');
            if (fractionDigits >= 0)
            {
                fractionDigits++;
            }
        }
        if (digitCount == 0)
        {
            return false;
        }
        literal = fractionDigits < 0
            ? new NumberLiteral(mantissa, mantissa)
            : new NumberLiteral(mantissa / ExactPowersOfTen[fractionDigits], null);
        return true;
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
