using QBroker.Qasm.Lexing;

namespace QBroker.Qasm.Syntax;

/// <summary>
/// Recursive-descent parser from tokens to <see cref="ProgramSyntax"/>. It checks syntax only; names, sizes and
/// arities are checked when the tree is lowered. Recursion is bounded by <see cref="MaxNestingDepth"/> so hostile
/// input (thousands of nested parentheses or blocks) is refused instead of overflowing the stack.
/// </summary>
internal sealed class Parser
{
    /// <summary>
    /// Deepest nesting of parentheses, unary operators and blocks. Real programs stay in single digits; each level
    /// costs a handful of stack frames, so 200 levels stay far inside the smallest thread stack .NET uses.
    /// </summary>
    public const int MaxNestingDepth = 200;

    /// <summary>OpenQASM 3 words this subset does not implement; naming them gives a clearer error than "unknown gate".</summary>
    private static readonly HashSet<string> UnsupportedOpenQasm3Statements =
    [
        "while", "def", "defcal", "defcalgrammar", "cal", "extern", "box", "let",
        "break", "continue", "return", "end", "output", "delay", "durationof", "sizeof",
    ];

    private static readonly HashSet<string> ClassicalTypes =
        ["int", "uint", "float", "angle", "bool", "complex", "duration", "stretch", "array"];

    private static readonly HashSet<string> GateModifiers = ["ctrl", "negctrl", "inv", "pow"];

    private static readonly HashSet<string> Declarations =
        ["include", "qreg", "creg", "qubit", "bit", "const", "input", "gate", "opaque"];

    private readonly string _source;
    private readonly Lexer _lexer;
    private readonly NameTable _names = new();

    /// <summary>Tokens read past <see cref="_current"/>; the grammar never looks more than two tokens ahead.</summary>
    private readonly Token[] _ahead = new Token[2];
    private int _aheadCount;
    private Token _current;
    private int _depth;
    private QasmVersion _version;

    private Parser(string source)
    {
        _source = source;
        _lexer = new Lexer(source);
        _current = _lexer.Next();
    }

    public static ProgramSyntax Parse(string source) => new Parser(source).ParseProgram();

    private Token Current => _current;

    private Token Lookahead(int ahead)
    {
        while (_aheadCount < ahead)
        {
            _ahead[_aheadCount++] = _lexer.Next();
        }
        return _ahead[ahead - 1];
    }

    private Token Advance()
    {
        var token = _current;
        if (token.Kind == TokenKind.EndOfInput)
        {
            return token;
        }
        if (_aheadCount > 0)
        {
            _current = _ahead[0];
            _ahead[0] = _ahead[1];
            _aheadCount--;
        }
        else
        {
            _current = _lexer.Next();
        }
        return token;
    }

    /// <summary>The token's text; identifiers are interned so a name repeated 100,000 times is one string.</summary>
    private string TextOf(Token token) => token.Kind == TokenKind.Identifier ? _names.Intern(token.Span(_source)) : token.Text(_source);

    private bool Check(TokenKind kind) => Current.Kind == kind;

    private bool Accept(TokenKind kind)
    {
        if (!Check(kind))
        {
            return false;
        }
        Advance();
        return true;
    }

    private Token Expect(TokenKind kind, string what) =>
        Check(kind) ? Advance() : throw Current.Position.Error($"expected {what} but found {Current.Describe(_source)}");

    private bool IsKeyword(string keyword) => Current.Is(_source, keyword);

    private void Enter()
    {
        if (++_depth > MaxNestingDepth)
        {
            throw Current.Position.Error($"nesting deeper than {MaxNestingDepth} levels is not supported");
        }
    }

    private void Leave() => _depth--;

    private ProgramSyntax ParseProgram()
    {
        _version = ParseHeader();
        return new ProgramSyntax(_version, ParseStatements());
    }

    /// <summary>
    /// Top-level statements, parsed as they are consumed: the builder lowers each one before the next is read, so
    /// the syntax of a large program never has to be held in memory all at once.
    /// </summary>
    private IEnumerable<Statement> ParseStatements()
    {
        while (!Check(TokenKind.EndOfInput))
        {
            yield return ParseStatement(atTopLevel: true);
        }
    }

    private QasmVersion ParseHeader()
    {
        if (!IsKeyword("OPENQASM"))
        {
            throw SourcePosition.Start.Error("missing header: a program must start with 'OPENQASM 2.0;' or 'OPENQASM 3.0;'");
        }
        Advance();
        var number = Expect(TokenKind.Number, "a version number after 'OPENQASM'");
        var version = NumberLiteral.Of(number, _source).Value switch
        {
            2.0 => QasmVersion.OpenQasm2,
            3.0 or 3.1 => QasmVersion.OpenQasm3,
            _ => throw number.Position.Error($"unsupported OpenQASM version '{TextOf(number)}': 2.0 and 3 are supported"),
        };
        Expect(TokenKind.Semicolon, "';' after the version");
        return version;
    }

    private Statement ParseStatement(bool atTopLevel)
    {
        var token = Current;
        if (token.Kind != TokenKind.Identifier)
        {
            throw token.Position.Error($"expected a statement but found {token.Describe(_source)}");
        }
        var word = TextOf(token);
        if (!atTopLevel && Declarations.Contains(word))
        {
            throw token.Position.Error($"'{word}' is only allowed at the top level of the program, not inside a block");
        }
        switch (word)
        {
            case "OPENQASM":
                throw token.Position.Error("the 'OPENQASM' header may appear only once, at the start of the program");
            case "include":
                return ParseInclude();
            case "qreg" or "creg":
                return ParseLegacyRegister(word == "qreg");
            case "qubit" or "bit":
                RequireOpenQasm3(token, word);
                return ParseRegister(word == "qubit");
            case "const":
                RequireOpenQasm3(token, word);
                return ParseScalar(isInput: false);
            case "input":
                RequireOpenQasm3(token, word);
                return ParseScalar(isInput: true);
            case "gate":
                return ParseGateDefinition();
            case "opaque":
                var name = Lookahead(1).Kind == TokenKind.Identifier ? $" {Lookahead(1).Describe(_source)}" : string.Empty;
                throw token.Position.Error($"opaque gate{name} is not supported: it has no definition the simulators could run");
            case "measure":
                return ParseArrowMeasure();
            case "reset":
                return ParseReset();
            case "barrier":
                return ParseBarrier(insideGate: false);
            case "if":
                return ParseIf();
            case "else":
                throw token.Position.Error("'else' without a matching 'if'");
            case "for":
                RequireOpenQasm3(token, word);
                return ParseFor();
            case "switch":
                RequireOpenQasm3(token, word);
                return ParseSwitch();
            case "case" or "default":
                throw token.Position.Error($"'{word}' outside a 'switch'");
        }
        if (_version == QasmVersion.OpenQasm3)
        {
            RejectUnsupportedOpenQasm3(token, word);
        }
        if (Lookahead(1).Kind is TokenKind.Assign or TokenKind.LeftBracket)
        {
            RequireOpenQasm3(token, "c = measure q");
            return ParseAssignedMeasure();
        }
        return ParseGateCall(insideGate: false);
    }

    private void RequireOpenQasm3(Token token, string construct)
    {
        if (_version == QasmVersion.OpenQasm2)
        {
            throw token.Position.Error($"'{construct}' requires OpenQASM 3 (this program declares OPENQASM 2.0)");
        }
    }

    private void RejectUnsupportedOpenQasm3(Token token, string word)
    {
        if (UnsupportedOpenQasm3Statements.Contains(word))
        {
            throw token.Position.Error($"'{word}' is not supported by this OpenQASM 3 subset");
        }
        if (ClassicalTypes.Contains(word))
        {
            throw token.Position.Error($"classical variables ('{word}') are not supported: only 'const' and 'input' scalars are");
        }
        if (GateModifiers.Contains(word) && Lookahead(1).Kind is TokenKind.At or TokenKind.LeftParen)
        {
            throw token.Position.Error($"gate modifiers ('{word} @') are not supported");
        }
    }

    private IncludeStatement ParseInclude()
    {
        var start = Advance().Position;
        var file = Expect(TokenKind.String, "a file name in quotes after 'include'");
        Expect(TokenKind.Semicolon, "';' after the include");
        return new IncludeStatement(start, _source.Substring(file.Start + 1, file.Length - 2));
    }

    private RegisterDeclaration ParseLegacyRegister(bool isQuantum)
    {
        var start = Advance().Position;
        var name = Expect(TokenKind.Identifier, "a register name");
        Expect(TokenKind.LeftBracket, $"'[' and the size of register '{TextOf(name)}'");
        var size = ParseExpression();
        Expect(TokenKind.RightBracket, "']'");
        Expect(TokenKind.Semicolon, "';' after the declaration");
        return new RegisterDeclaration(start, isQuantum, TextOf(name), name.Position, size);
    }

    private RegisterDeclaration ParseRegister(bool isQuantum)
    {
        var start = Advance().Position;
        Expression? size = null;
        if (Accept(TokenKind.LeftBracket))
        {
            size = ParseExpression();
            Expect(TokenKind.RightBracket, "']'");
        }
        var name = Expect(TokenKind.Identifier, "a register name");
        if (Check(TokenKind.LeftBracket))
        {
            throw Current.Position.Error($"the size goes after the type: write '{(isQuantum ? "qubit" : "bit")}[n] {TextOf(name)};'");
        }
        if (Check(TokenKind.Assign))
        {
            throw Current.Position.Error("initialisers on declarations are not supported");
        }
        Expect(TokenKind.Semicolon, "';' after the declaration");
        return new RegisterDeclaration(start, isQuantum, TextOf(name), name.Position, size);
    }

    private ScalarDeclaration ParseScalar(bool isInput)
    {
        var start = Advance().Position;
        var typeToken = Expect(TokenKind.Identifier, "a type (int, uint, float or angle)");
        var type = TextOf(typeToken) switch
        {
            "int" => ScalarType.Int,
            "uint" => ScalarType.UInt,
            "float" => ScalarType.Float,
            "angle" => ScalarType.Angle,
            var other => throw typeToken.Position.Error($"'{other}' is not a supported type here: use int, uint, float or angle"),
        };
        if (Accept(TokenKind.LeftBracket))
        {
            // The bit width is parsed for syntax but not used: every scalar is evaluated as a double, which is
            // exact for float[64] and for integers up to 2^53, and more precise than narrower angles and floats.
            ParseExpression();
            Expect(TokenKind.RightBracket, "']'");
        }
        var name = Expect(TokenKind.Identifier, "a name");
        Expression? value = null;
        if (!isInput)
        {
            Expect(TokenKind.Assign, "'=' and the constant's value");
            value = ParseExpression();
        }
        Expect(TokenKind.Semicolon, "';' after the declaration");
        return new ScalarDeclaration(start, type, TextOf(name), name.Position, value);
    }

    private GateDefinition ParseGateDefinition()
    {
        var start = Advance().Position;
        var name = Expect(TokenKind.Identifier, "a gate name");
        var parameters = new List<Operand>();
        if (Accept(TokenKind.LeftParen))
        {
            if (!Check(TokenKind.RightParen))
            {
                do
                {
                    parameters.Add(ParseName("a parameter name"));
                }
                while (Accept(TokenKind.Comma));
            }
            Expect(TokenKind.RightParen, "')' after the gate's parameters");
        }
        var qubits = new List<Operand>();
        do
        {
            qubits.Add(ParseName("a qubit argument name"));
        }
        while (Accept(TokenKind.Comma));
        Expect(TokenKind.LeftBrace, "'{' to open the gate body");
        Enter();
        var body = new List<Statement>();
        while (!Check(TokenKind.RightBrace) && !Check(TokenKind.EndOfInput))
        {
            body.Add(ParseGateBodyStatement());
        }
        Expect(TokenKind.RightBrace, $"'}}' to close the body of gate '{TextOf(name)}'");
        Leave();
        return new GateDefinition(start, TextOf(name), parameters, qubits, body);
    }

    private Statement ParseGateBodyStatement()
    {
        var token = Current;
        if (token.Kind != TokenKind.Identifier)
        {
            throw token.Position.Error($"expected a gate call or 'barrier' in the gate body but found {token.Describe(_source)}");
        }
        if (IsKeyword("barrier"))
        {
            return ParseBarrier(insideGate: true);
        }
        var word = TextOf(token);
        if (word is "measure" or "reset" or "if" or "for" or "else" || Declarations.Contains(word))
        {
            throw token.Position.Error($"'{word}' is not allowed inside a gate definition: only gate calls and 'barrier' are");
        }
        if (_version == QasmVersion.OpenQasm3)
        {
            RejectUnsupportedOpenQasm3(token, word);
        }
        return ParseGateCall(insideGate: true);
    }

    private Operand ParseName(string what)
    {
        var token = Expect(TokenKind.Identifier, what);
        return new Operand(token.Position, TextOf(token), null);
    }

    private GateCall ParseGateCall(bool insideGate)
    {
        var name = Advance();
        if (Check(TokenKind.At))
        {
            throw name.Position.Error("gate modifiers ('ctrl @', 'inv @', 'pow(k) @') are not supported");
        }
        var arguments = new List<Expression>();
        if (Accept(TokenKind.LeftParen))
        {
            if (!Check(TokenKind.RightParen))
            {
                do
                {
                    arguments.Add(ParseExpression());
                }
                while (Accept(TokenKind.Comma));
            }
            Expect(TokenKind.RightParen, "')' after the gate's parameters");
            if (Check(TokenKind.At))
            {
                throw name.Position.Error("gate modifiers ('ctrl @', 'inv @', 'pow(k) @') are not supported");
            }
        }
        var qubits = new List<Operand>();
        if (!Check(TokenKind.Semicolon))
        {
            do
            {
                qubits.Add(ParseOperand(insideGate));
            }
            while (Accept(TokenKind.Comma));
        }
        Expect(TokenKind.Semicolon, "';' after the gate call");
        return new GateCall(name.Position, TextOf(name), arguments, qubits);
    }

    private Operand ParseOperand(bool insideGate = false)
    {
        var name = Expect(TokenKind.Identifier, "a qubit or register name");
        Expression? index = null;
        if (Check(TokenKind.LeftBracket))
        {
            if (insideGate)
            {
                throw Current.Position.Error("indexing is not allowed inside a gate definition: use the gate's qubit arguments");
            }
            Advance();
            index = ParseExpression();
            if (Check(TokenKind.Colon) || Check(TokenKind.Comma))
            {
                throw Current.Position.Error("register slices and multiple indices are not supported: index one element");
            }
            Expect(TokenKind.RightBracket, "']'");
        }
        return new Operand(name.Position, TextOf(name), index);
    }

    private MeasureStatement ParseArrowMeasure()
    {
        var start = Advance().Position;
        var qubit = ParseOperand();
        if (!Accept(TokenKind.Arrow))
        {
            throw Current.Position.Error("a measurement needs a target: write 'measure q -> c;' (or 'c = measure q;' in OpenQASM 3)");
        }
        var bit = ParseOperand();
        Expect(TokenKind.Semicolon, "';' after the measurement");
        return new MeasureStatement(start, qubit, bit);
    }

    private MeasureStatement ParseAssignedMeasure()
    {
        var bit = ParseOperand();
        Expect(TokenKind.Assign, "'='");
        if (!IsKeyword("measure"))
        {
            throw Current.Position.Error("classical assignments are not supported: only 'c = measure q;' is");
        }
        Advance();
        var qubit = ParseOperand();
        Expect(TokenKind.Semicolon, "';' after the measurement");
        return new MeasureStatement(bit.Position, qubit, bit);
    }

    private ResetStatement ParseReset()
    {
        var start = Advance().Position;
        var qubit = ParseOperand();
        Expect(TokenKind.Semicolon, "';' after the reset");
        return new ResetStatement(start, qubit);
    }

    private BarrierStatement ParseBarrier(bool insideGate)
    {
        var start = Advance().Position;
        var qubits = new List<Operand>();
        if (!Check(TokenKind.Semicolon))
        {
            do
            {
                qubits.Add(ParseOperand(insideGate));
            }
            while (Accept(TokenKind.Comma));
        }
        Expect(TokenKind.Semicolon, "';' after the barrier");
        return new BarrierStatement(start, qubits);
    }

    private IfStatement ParseIf()
    {
        var start = Advance().Position;
        Expect(TokenKind.LeftParen, "'(' after 'if'");
        var condition = ParseCondition();
        Expect(TokenKind.RightParen, "')' to close the condition");
        if (_version == QasmVersion.OpenQasm2)
        {
            if (Check(TokenKind.LeftBrace))
            {
                throw Current.Position.Error("a block after 'if' requires OpenQASM 3: OpenQASM 2.0 allows one operation");
            }
            var body = ParseBody();
            if (body[0] is not (GateCall or MeasureStatement or ResetStatement))
            {
                throw body[0].Position.Error("only a gate call, 'measure' or 'reset' may follow 'if (…)' in OpenQASM 2.0");
            }
            return new IfStatement(start, condition, body, []);
        }
        var then = ParseBody();
        IReadOnlyList<Statement> otherwise = [];
        if (IsKeyword("else"))
        {
            Advance();
            otherwise = ParseBody();
        }
        return new IfStatement(start, condition, then, otherwise);
    }

    private ConditionSyntax ParseCondition()
    {
        var start = Current.Position;
        if (Accept(TokenKind.Bang))
        {
            return new ConditionSyntax(start, ParseOperand(), null, Equal: true);
        }
        var target = ParseOperand();
        ConditionSyntax condition;
        if (Accept(TokenKind.EqualEqual))
        {
            condition = new ConditionSyntax(start, target, ParseExpression(), Equal: true);
        }
        else if (Accept(TokenKind.NotEqual))
        {
            condition = new ConditionSyntax(start, target, ParseExpression(), Equal: false);
        }
        else if (Current.Kind is TokenKind.Less or TokenKind.Greater or TokenKind.LessEqual or TokenKind.GreaterEqual)
        {
            throw Current.Position.Error("only '==' and '!=' comparisons are supported in conditions");
        }
        else
        {
            condition = new ConditionSyntax(start, target, null, Equal: false);
        }
        if (Current.Kind is TokenKind.AmpersandAmpersand or TokenKind.PipePipe)
        {
            throw Current.Position.Error("combined conditions ('&&', '||') are not supported");
        }
        return condition;
    }

    private ForStatement ParseFor()
    {
        var start = Advance().Position;
        var isUnsigned = false;
        if (IsKeyword("int") || IsKeyword("uint"))
        {
            isUnsigned = IsKeyword("uint");
            Advance();
            if (Accept(TokenKind.LeftBracket))
            {
                // The width only bounds the variable's range; loop values are checked against int/uint below.
                ParseExpression();
                Expect(TokenKind.RightBracket, "']'");
            }
        }
        else if (Current.Kind == TokenKind.Identifier && ClassicalTypes.Contains(TextOf(Current)) && !Lookahead(1).Is(_source, "in"))
        {
            throw Current.Position.Error("only 'int' and 'uint' loop variables are supported");
        }
        var variable = Expect(TokenKind.Identifier, "the loop variable's name");
        if (!IsKeyword("in"))
        {
            throw Current.Position.Error($"expected 'in' after the loop variable but found {Current.Describe(_source)}");
        }
        Advance();
        var iterable = ParseIterable();
        var body = ParseBody();
        return new ForStatement(start, isUnsigned, TextOf(variable), iterable, body);
    }

    private LoopIterable ParseIterable()
    {
        var start = Current.Position;
        if (Accept(TokenKind.LeftBracket))
        {
            var first = ParseExpression();
            Expect(TokenKind.Colon, "':' in the range");
            var second = ParseExpression();
            LoopIterable range;
            if (Accept(TokenKind.Colon))
            {
                range = new RangeIterable(start, first, second, ParseExpression());
            }
            else
            {
                range = new RangeIterable(start, first, null, second);
            }
            Expect(TokenKind.RightBracket, "']' to close the range");
            return range;
        }
        if (Accept(TokenKind.LeftBrace))
        {
            var values = new List<Expression>();
            do
            {
                values.Add(ParseExpression());
            }
            while (Accept(TokenKind.Comma));
            Expect(TokenKind.RightBrace, "'}' to close the set");
            return new SetIterable(start, values);
        }
        throw start.Error($"expected a range '[start:end]' or a set '{{a, b}}' after 'in' but found {Current.Describe(_source)}");
    }

    /// <summary><c>switch (c) { case 0 { … } case 1, 2 { … } default { … } }</c>: cases are braced blocks, default comes last.</summary>
    private SwitchStatement ParseSwitch()
    {
        var start = Advance().Position;
        Expect(TokenKind.LeftParen, "'(' after 'switch'");
        var target = ParseOperand();
        Expect(TokenKind.RightParen, "')' to close the switch target");
        Expect(TokenKind.LeftBrace, "'{' to open the switch body");
        var cases = new List<SwitchCase>();
        IReadOnlyList<Statement>? otherwise = null;
        while (!Check(TokenKind.RightBrace) && !Check(TokenKind.EndOfInput))
        {
            var label = Current;
            if (otherwise is not null)
            {
                throw label.Position.Error("'default' must be the last entry of a switch");
            }
            if (IsKeyword("default"))
            {
                Advance();
                otherwise = ParseBracedBody("'{' after 'default'");
                continue;
            }
            if (!IsKeyword("case"))
            {
                throw label.Position.Error($"expected 'case' or 'default' but found {label.Describe(_source)}");
            }
            Advance();
            var values = new List<Expression>();
            do
            {
                values.Add(ParseExpression());
            }
            while (Accept(TokenKind.Comma));
            cases.Add(new SwitchCase(label.Position, values, ParseBracedBody("'{' after the case values")));
        }
        Expect(TokenKind.RightBrace, "'}' to close the switch");
        return new SwitchStatement(start, target, cases, otherwise ?? []);
    }

    private List<Statement> ParseBracedBody(string expected)
    {
        if (!Check(TokenKind.LeftBrace))
        {
            throw Current.Position.Error($"expected {expected} but found {Current.Describe(_source)}");
        }
        return ParseBody();
    }

    /// <summary>A braced block, or a single statement, after 'if', 'else' or 'for'.</summary>
    private List<Statement> ParseBody()
    {
        Enter();
        var statements = new List<Statement>();
        if (Accept(TokenKind.LeftBrace))
        {
            while (!Check(TokenKind.RightBrace) && !Check(TokenKind.EndOfInput))
            {
                statements.Add(ParseStatement(atTopLevel: false));
            }
            Expect(TokenKind.RightBrace, "'}' to close the block");
        }
        else
        {
            statements.Add(ParseStatement(atTopLevel: false));
        }
        Leave();
        return statements;
    }

    private Expression ParseExpression()
    {
        var left = ParseMultiplicative();
        while (Current.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            var op = Advance();
            var right = ParseMultiplicative();
            left = Bounded(new BinaryExpression(op.Position, op.Kind == TokenKind.Plus ? BinaryOperator.Add : BinaryOperator.Subtract, left, right));
        }
        return left;
    }

    /// <summary>
    /// Long operator chains (<c>1+1+…+1</c>) are parsed by a loop, not recursion, but evaluating them recurses once
    /// per operator, so the tree's height is held to the same limit as explicit nesting.
    /// </summary>
    private static BinaryExpression Bounded(BinaryExpression expression) =>
        expression.Depth <= MaxNestingDepth
            ? expression
            : throw expression.Position.Error($"expression nesting deeper than {MaxNestingDepth} levels is not supported");

    private Expression ParseMultiplicative()
    {
        var left = ParseUnary();
        while (Current.Kind is TokenKind.Star or TokenKind.Slash or TokenKind.Percent)
        {
            var op = Advance();
            var kind = op.Kind switch
            {
                TokenKind.Star => BinaryOperator.Multiply,
                TokenKind.Slash => BinaryOperator.Divide,
                _ => BinaryOperator.Modulo,
            };
            left = Bounded(new BinaryExpression(op.Position, kind, left, ParseUnary()));
        }
        return left;
    }

    /// <summary>Unary minus binds looser than the power operator, so <c>-2^2</c> is -4 as in the OpenQASM 2.0 paper's grammar.</summary>
    private Expression ParseUnary()
    {
        if (Current.Kind is not (TokenKind.Minus or TokenKind.Plus))
        {
            return ParsePower();
        }
        var op = Advance();
        Enter();
        var operand = ParseUnary();
        Leave();
        return new UnaryExpression(op.Position, op.Kind == TokenKind.Minus ? UnaryOperator.Negate : UnaryOperator.Plus, operand);
    }

    /// <summary>Right-associative power: '^' in OpenQASM 2.0, '**' in both (in OpenQASM 3 '^' is bitwise XOR).</summary>
    private Expression ParsePower()
    {
        var left = ParsePrimary();
        if (Check(TokenKind.Caret) && _version == QasmVersion.OpenQasm3)
        {
            throw Current.Position.Error("'^' is bitwise XOR in OpenQASM 3 and not supported; write '**' for a power");
        }
        if (Current.Kind is not (TokenKind.Caret or TokenKind.StarStar))
        {
            return left;
        }
        var op = Advance();
        Enter();
        var exponent = ParseUnary();
        Leave();
        return new BinaryExpression(op.Position, BinaryOperator.Power, left, exponent);
    }

    private Expression ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Number:
                Advance();
                var literal = NumberLiteral.Of(token, _source);
                return new NumberExpression(token.Position, literal.Value, literal.ExactInteger);
            case TokenKind.LeftParen:
                Advance();
                Enter();
                var inner = ParseExpression();
                Expect(TokenKind.RightParen, "')'");
                Leave();
                return inner;
            case TokenKind.Identifier:
                Advance();
                var name = TextOf(token);
                if (!Check(TokenKind.LeftParen))
                {
                    return new NameExpression(token.Position, name);
                }
                if (!FunctionCallExpression.TryGetFunction(name, out var function))
                {
                    throw token.Position.Error($"unknown function '{name}': sin, cos, tan, exp, ln, sqrt, asin, acos and atan are supported");
                }
                Advance();
                Enter();
                var argument = ParseExpression();
                Expect(TokenKind.RightParen, $"')' to close the call to '{name}'");
                Leave();
                return new FunctionCallExpression(token.Position, function, argument);
            default:
                throw token.Position.Error($"expected an expression but found {token.Describe(_source)}");
        }
    }
}
