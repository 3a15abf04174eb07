namespace QBroker.Qasm.Lexing;

/// <summary>
/// One token. Text is not copied: <see cref="Start"/> and <see cref="Length"/> point into the source, so lexing a
/// large program allocates only the token list. Number literals are converted by <see cref="NumberLiteral"/>
/// when the parser needs their value, which keeps this struct small.
/// </summary>
internal readonly record struct Token(TokenKind Kind, int Start, int Length, SourcePosition Position)
{
    /// <summary>Error messages quote at most this many characters of a token, however long it is.</summary>
    private const int QuotedLength = 40;

    public ReadOnlySpan<char> Span(string source) => source.AsSpan(Start, Length);

    public string Text(string source) => source.Substring(Start, Length);

    public bool Is(string source, string keyword) => Kind == TokenKind.Identifier && Span(source).SequenceEqual(keyword);

    /// <summary>How an error message names this token.</summary>
    public string Describe(string source) => Kind switch
    {
        TokenKind.EndOfInput => "end of input",
        TokenKind.String => "a string",
        TokenKind.Number => $"number '{Shortened(source)}'",
        _ => $"'{Shortened(source)}'",
    };

    private string Shortened(string source) =>
        Length <= QuotedLength ? Text(source) : string.Concat(source.AsSpan(Start, QuotedLength), "…");
}
