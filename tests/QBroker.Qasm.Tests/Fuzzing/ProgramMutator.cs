namespace QBroker.Qasm.Tests.Fuzzing;

/// <summary>
/// Turns a valid program into a probably invalid one: deletes, duplicates or swaps tokens, flips characters,
/// truncates, inserts random characters (control characters and lone surrogates included) or hostile snippets.
/// </summary>
internal static class ProgramMutator
{
    private static readonly string[] Snippets =
    [
        "(", ")", "{", "}", "[", "]", ";", ",", "-", "^", "**", "->", "=", "==", "!", "!=", "@", "$0", "#pragma", "\"", "'",
        "/*", "*/", "//", "\n", "\t", "\0", "\uD800", "π", "1e308", "1e309", "-1", "0", "1.5", "99999999999999999999",
        "0xFFFFFFFFFFFFFFFFFF", "0b", "1_", "100ns", "pi", "if", "else", "for", "in", "switch", "case", "default", "gate", "opaque", "measure", "reset",
        "barrier", "qreg", "creg", "qubit", "bit", "const", "input", "include", "OPENQASM 3;", "OPENQASM 2.0;", "gphase",
        "ctrl @", "while", "int", "uint", "float", "angle", "q0", "c0", "q0[0]", "q0[99]", "g0", "theta",
        new string('(', 300), new string('-', 300), "{{{{{{{{{{", "for int i in [0:1000000] {", "for uint j in [0:99999999999] { x q0; }",
        "qreg big[2000000000];", "gate r a { r a; }", "if (c0 == 18446744073709551616) ", "x q0[0], q0[0];",
    ];

    public static string Mutate(string program, Random random)
    {
        var tokens = Split(program);
        for (var m = random.Next(1, 5); m > 0 && tokens.Count > 0; m--)
        {
            var at = random.Next(tokens.Count);
            switch (random.Next(8))
            {
                case 0:
                    tokens.RemoveAt(at);
                    break;
                case 1:
                    tokens.Insert(at, tokens[at]);
                    break;
                case 2:
                    (tokens[at], tokens[random.Next(tokens.Count)]) = (tokens[random.Next(tokens.Count)], tokens[at]);
                    break;
                case 3:
                    tokens[at] = FlipCharacter(tokens[at], random);
                    break;
                case 4:
                    tokens.RemoveRange(at, tokens.Count - at);
                    break;
                case 5:
                    tokens.Insert(at, RandomCharacters(random));
                    break;
                default:
                    tokens.Insert(at, Snippets[random.Next(Snippets.Length)]);
                    break;
            }
        }
        var text = string.Concat(tokens);
        return random.Next(10) == 0 && text.Length > 0 ? text[..random.Next(text.Length)] : text;
    }

    /// <summary>Splits into runs of identifier characters, runs of whitespace and single other characters.</summary>
    private static List<string> Split(string program)
    {
        var tokens = new List<string>();
        var start = 0;
        while (start < program.Length)
        {
            var end = start + 1;
            var kind = Kind(program[start]);
            if (kind != 0)
            {
                while (end < program.Length && Kind(program[end]) == kind)
                {
                    end++;
                }
            }
            tokens.Add(program[start..end]);
            start = end;
        }
        return tokens;
    }

    private static int Kind(char c) => char.IsLetterOrDigit(c) || c is '_' or '.' ? 1 : char.IsWhiteSpace(c) ? 2 : 0;

    private static string FlipCharacter(string token, Random random)
    {
        var characters = token.ToCharArray();
        var at = random.Next(characters.Length);
        characters[at] = random.Next(3) switch
        {
            0 => (char)(characters[at] ^ (1 << random.Next(7))),
            1 => (char)random.Next(32, 127),
            _ => (char)random.Next(0, 0x10000),
        };
        return new string(characters);
    }

    private static string RandomCharacters(Random random)
    {
        var characters = new char[random.Next(1, 8)];
        for (var i = 0; i < characters.Length; i++)
        {
            characters[i] = random.Next(4) == 0 ? (char)random.Next(0, 0x10000) : (char)random.Next(0, 128);
        }
        return new string(characters);
    }
}
