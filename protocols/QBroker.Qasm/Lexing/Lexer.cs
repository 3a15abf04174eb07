namespace QBroker.Qasm.Lexing;

/// <summary>
/// Hand-written scanner: one pass over the characters, no regular expressions, positions tracked as it goes.
/// Tokens are produced on demand (<see cref="Next"/>), so a large program is never held as a token list.
/// Lines are separated by '\n' only ('\r' and other Unicode whitespace are blanks), so columns stay 1-based and
/// inside the line.
/// </summary>
internal sealed class Lexer(string source)
{
    /// <summary>Skipped like whitespace: payloads that arrive as decoded bytes often still start with one.</summary>
    private const char ByteOrderMark = '\uFEFF';

    private readonly string _source = source;
    private int _index;
    private int _line = 1;
    private int _lineStart;

    private SourcePosition Here => new(_line, _index - _lineStart + 1);

    private char Peek(int ahead = 0) => _index + ahead < _source.Length ? _source[_index + ahead] : '\0';

    /// <summary>The next token; at the end of the source, an <see cref="TokenKind.EndOfInput"/> token every time.</summary>
    public Token Next()
    {
        SkipWhitespaceAndComments();
        if (_index >= _source.Length)
        {
            return new Token(TokenKind.EndOfInput, _source.Length, 0, Here);
        }
        var c = _source[_index];
        if (IsIdentifierStart(c))
        {
            return ScanIdentifier();
        }
        if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(Peek(1))))
        {
            return ScanNumber();
        }
        return c is '"' or '\'' ? ScanString(c) : ScanPunctuation(c);
    }

    private void SkipWhitespaceAndComments()
    {
        while (_index < _source.Length)
        {
            var c = _source[_index];
            if (c == '\n')
            {
                _index++;
                _line++;
                _lineStart = _index;
            }
            else if (char.IsWhiteSpace(c) || c == ByteOrderMark)
            {
                _index++;
            }
            else if (c == '/' && Peek(1) == '/')
            {
                while (_index < _source.Length && _source[_index] != '\n')
                {
                    _index++;
                }
            }
            else if (c == '/' && Peek(1) == '*')
            {
                SkipBlockComment();
            }
            else
            {
                return;
            }
        }
    }

    private void SkipBlockComment()
    {
        var start = Here;
        _index += 2;
        while (true)
        {
            if (_index >= _source.Length)
            {
                throw start.Error("unterminated comment: '/*' has no matching '*/'");
            }
            var c = _source[_index];
            if (c == '*' && Peek(1) == '/')
            {
                _index += 2;
                return;
            }
            _index++;
            if (c == '\n')
            {
                _line++;
                _lineStart = _index;
            }
        }
    }

    private static bool IsIdentifierStart(char c) => c == '_' || char.IsLetter(c);

    private static bool IsIdentifierPart(char c) => c == '_' || char.IsLetterOrDigit(c);

    private Token ScanIdentifier()
    {
        var start = _index;
        var position = Here;
        while (_index < _source.Length && IsIdentifierPart(_source[_index]))
        {
            _index++;
        }
        return new Token(TokenKind.Identifier, start, _index - start, position);
    }

    private Token ScanNumber()
    {
        var start = _index;
        var position = Here;
        if (Peek() == '0' && Peek(1) is 'x' or 'X' or 'b' or 'B' or 'o' or 'O')
        {
            return ScanRadixInteger(start, position);
        }
        SkipDigits();
        if (Peek() == '.')
        {
            _index++;
            SkipDigits();
        }
        if (Peek() is 'e' or 'E')
        {
            _index++;
            if (Peek() is '+' or '-')
            {
                _index++;
            }
            if (!char.IsAsciiDigit(Peek()))
            {
                throw position.Error($"malformed number '{_source[start.._index]}': the exponent has no digits");
            }
            SkipDigits();
        }
        RejectSuffix(start, position);
        return new Token(TokenKind.Number, start, _index - start, position);
    }

    /// <summary>Skips digits and digit-separating underscores (OpenQASM 3 allows <c>1_000</c>).</summary>
    private void SkipDigits()
    {
        while (char.IsAsciiDigit(Peek()) || (Peek() == '_' && char.IsAsciiDigit(Peek(1))))
        {
            _index++;
        }
    }

    private Token ScanRadixInteger(int start, SourcePosition position)
    {
        var radix = char.ToLowerInvariant(Peek(1)) switch
        {
            'x' => 16,
            'b' => 2,
            _ => 8,
        };
        _index += 2;
        var digitCount = 0;
        while (true)
        {
            var c = Peek();
            if (c == '_' && digitCount > 0)
            {
                _index++;
                continue;
            }
            var digit = DigitValue(c);
            if (digit < 0 || digit >= radix)
            {
                break;
            }
            digitCount++;
            _index++;
        }
        if (digitCount == 0)
        {
            throw position.Error($"malformed number '{_source[start.._index]}': no digits after the prefix");
        }
        RejectSuffix(start, position);
        return new Token(TokenKind.Number, start, _index - start, position);
    }

    private static int DigitValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    /// <summary>A letter right after a number is never valid here; OpenQASM 3 durations (<c>100ns</c>) are the likely intent.</summary>
    private void RejectSuffix(int start, SourcePosition position)
    {
        if (!IsIdentifierPart(Peek()))
        {
            return;
        }
        var end = _index;
        while (end < _source.Length && IsIdentifierPart(_source[end]))
        {
            end++;
        }
        var suffix = _source.AsSpan(_index, end - _index);
        if (suffix is "ns" or "us" or "µs" or "ms" or "s" or "dt")
        {
            throw position.Error("duration literals (and delay/timing statements) are not supported");
        }
        throw position.Error($"malformed number '{Shorten(_source.AsSpan(start, end - start))}'");
    }

    private Token ScanString(char quote)
    {
        var start = _index;
        var position = Here;
        _index++;
        while (_index < _source.Length && _source[_index] != quote)
        {
            if (_source[_index] == '\n')
            {
                break;
            }
            _index++;
        }
        if (Peek() != quote)
        {
            throw position.Error("unterminated string: the closing quote is missing on this line");
        }
        _index++;
        return new Token(TokenKind.String, start, _index - start, position);
    }

    private Token ScanPunctuation(char c)
    {
        var position = Here;
        var next = Peek(1);
        var (kind, length) = c switch
        {
            ';' => (TokenKind.Semicolon, 1),
            ',' => (TokenKind.Comma, 1),
            ':' => (TokenKind.Colon, 1),
            '(' => (TokenKind.LeftParen, 1),
            ')' => (TokenKind.RightParen, 1),
            '[' => (TokenKind.LeftBracket, 1),
            ']' => (TokenKind.RightBracket, 1),
            '{' => (TokenKind.LeftBrace, 1),
            '}' => (TokenKind.RightBrace, 1),
            '-' when next == '>' => (TokenKind.Arrow, 2),
            '-' => (TokenKind.Minus, 1),
            '=' when next == '=' => (TokenKind.EqualEqual, 2),
            '=' => (TokenKind.Assign, 1),
            '!' when next == '=' => (TokenKind.NotEqual, 2),
            '!' => (TokenKind.Bang, 1),
            '<' when next == '=' => (TokenKind.LessEqual, 2),
            '<' => (TokenKind.Less, 1),
            '>' when next == '=' => (TokenKind.GreaterEqual, 2),
            '>' => (TokenKind.Greater, 1),
            '+' => (TokenKind.Plus, 1),
            '*' when next == '*' => (TokenKind.StarStar, 2),
            '*' => (TokenKind.Star, 1),
            '/' => (TokenKind.Slash, 1),
            '%' => (TokenKind.Percent, 1),
            '^' => (TokenKind.Caret, 1),
            '&' when next == '&' => (TokenKind.AmpersandAmpersand, 2),
            '&' => (TokenKind.Ampersand, 1),
            '|' when next == '|' => (TokenKind.PipePipe, 2),
            '|' => (TokenKind.Pipe, 1),
            '~' => (TokenKind.Tilde, 1),
            '@' => (TokenKind.At, 1),
            '$' => throw position.Error("physical qubits ('$0') are not supported: declare a register instead"),
            '#' => throw position.Error("directives such as '#pragma' are not supported"),
            _ => throw position.Error($"unexpected character {DescribeCharacter(c)}"),
        };
        _index += length;
        return new Token(kind, _index - length, length, position);
    }

    private static string DescribeCharacter(char c) =>
        char.IsControl(c) || char.IsWhiteSpace(c) || char.IsSurrogate(c) ? $"U+{(int)c:X4}" : $"'{c}'";

    private static string Shorten(ReadOnlySpan<char> text) => text.Length <= 40 ? text.ToString() : string.Concat(text[..40], "…");
}
