using QBroker.Qasm.Ir;
using QBroker.Qasm.Syntax;

namespace QBroker.Qasm.Semantics;

/// <summary>
/// Lowers a <see cref="ProgramSyntax"/> to a flat <see cref="Circuit"/>: declarations become registers, gate calls
/// are resolved and broadcast, user gates inlined, loops unrolled, inputs bound. All semantic errors are raised
/// here with the position of the construct at fault. This file holds the statement dispatch, declarations and
/// name resolution; gates, measurement and control flow are in the other parts of the class.
/// </summary>
internal sealed partial class CircuitBuilder : IValueScope
{
    private readonly QasmParseOptions _options;
    private readonly QasmVersion _version;
    private readonly OperationBudget _budget;
    private readonly Dictionary<string, DeclaredName> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _loopVariables = new(StringComparer.Ordinal);
    private readonly List<Register> _quantumRegisters = [];
    private readonly List<Register> _classicalRegisters = [];
    private int _qubitCount;
    private int _clbitCount;

    private CircuitBuilder(QasmVersion version, QasmParseOptions options)
    {
        _version = version;
        _options = options;
        _budget = new OperationBudget(options.MaxOperations);
    }

    public static Circuit Build(ProgramSyntax program, QasmParseOptions options)
    {
        var builder = new CircuitBuilder(program.Version, options);
        var operations = new List<Operation>();
        var sink = new OperationSink(operations, builder._budget);
        foreach (var statement in program.Statements)
        {
            builder._budget.Statement = statement.Position;
            builder.Lower(statement, sink);
        }
        return new Circuit(builder._qubitCount, builder._clbitCount, builder._quantumRegisters, builder._classicalRegisters, operations);
    }

    private void Lower(Statement statement, OperationSink sink)
    {
        switch (statement)
        {
            case IncludeStatement include:
                Include(include);
                break;
            case RegisterDeclaration declaration:
                DeclareRegister(declaration);
                break;
            case ScalarDeclaration declaration:
                DeclareScalar(declaration);
                break;
            case GateDefinition definition:
                DefineGate(definition);
                break;
            case GateCall call:
                Call(call, sink);
                break;
            case MeasureStatement measure:
                Measure(measure, sink);
                break;
            case ResetStatement reset:
                Reset(reset, sink);
                break;
            case BarrierStatement barrier:
                Barrier(barrier, sink);
                break;
            case IfStatement conditional:
                If(conditional, sink);
                break;
            case ForStatement loop:
                For(loop, sink);
                break;
            case SwitchStatement choice:
                Switch(choice, sink);
                break;
            default:
                throw new InvalidOperationException($"the parser produced a statement the builder does not know: {statement.GetType().Name}");
        }
    }

    public double ValueOf(string name, SourcePosition position)
    {
        if (_loopVariables.TryGetValue(name, out var loopValue))
        {
            return loopValue;
        }
        return _names.GetValueOrDefault(name) switch
        {
            ScalarName scalar => scalar.Value,
            QuantumRegisterName or ClassicalRegisterName => throw position.Error($"register '{Quote(name)}' cannot be used as a number"),
            _ => throw position.Error($"undeclared identifier '{Quote(name)}'"),
        };
    }

    /// <summary>Names in error messages are cut short so a hostile megabyte-long identifier does not produce a megabyte-long message.</summary>
    private static string Quote(string name) => name.Length <= 40 ? name : string.Concat(name.AsSpan(0, 40), "…");

    /// <summary>Evaluates an expression that must be a whole number within <c>[min, max]</c>.</summary>
    private static long EvaluateInteger(Expression expression, IValueScope scope, string what, long min, long max)
    {
        var value = expression.Evaluate(scope);
        if (value != Math.Floor(value))
        {
            throw expression.Position.Error($"{what} must be an integer, got {value}");
        }
        if (value < min || value > max)
        {
            throw expression.Position.Error($"{what} {value} is out of range [{min}, {max}]");
        }
        return (long)value;
    }

    private void CheckNewName(string name, SourcePosition position)
    {
        if (NameExpression.TryGetBuiltInConstant(name, out _))
        {
            throw position.Error($"'{name}' is a built-in constant and cannot be redeclared");
        }
        if (_names.TryGetValue(name, out var existing))
        {
            throw position.Error($"'{Quote(name)}' is already declared at {existing.Position}");
        }
    }

    private void Include(IncludeStatement include)
    {
        var expected = GateLibrary.IncludeFile(_version);
        if (include.FileName != expected)
        {
            throw include.Position.Error(
                $"include \"{Quote(include.FileName)}\" is not supported: only the built-in \"{expected}\" is available in this version");
        }
        _libraryIncluded = true;
    }

    private void DeclareRegister(RegisterDeclaration declaration)
    {
        CheckNewName(declaration.Name, declaration.NamePosition);
        var isQuantum = declaration.IsQuantum;
        var limit = isQuantum ? _options.MaxQubits : _options.MaxClassicalBits;
        var size = declaration.Size is null ? 1 : EvaluateInteger(declaration.Size, this, "register size", 1, long.MaxValue / 2);
        var used = isQuantum ? _qubitCount : _clbitCount;
        if (used + size > limit)
        {
            var kind = isQuantum ? "qubits" : "classical bits";
            throw (declaration.Size?.Position ?? declaration.NamePosition).Error(
                $"the program would declare {used + size} {kind}; the limit is {limit}");
        }
        var register = new Register(declaration.Name, used, (int)size);
        if (isQuantum)
        {
            _quantumRegisters.Add(register);
            _qubitCount += (int)size;
            _names.Add(declaration.Name, new QuantumRegisterName(declaration.NamePosition, register));
        }
        else
        {
            _classicalRegisters.Add(register);
            _clbitCount += (int)size;
            _names.Add(declaration.Name, new ClassicalRegisterName(declaration.NamePosition, register));
        }
    }

    private void DeclareScalar(ScalarDeclaration declaration)
    {
        CheckNewName(declaration.Name, declaration.NamePosition);
        double value;
        if (declaration.Value is { } expression)
        {
            value = expression.Evaluate(this);
        }
        else if (!_options.Inputs.TryGetValue(declaration.Name, out value))
        {
            throw declaration.NamePosition.Error($"no value given for input '{Quote(declaration.Name)}' (set it in QasmParseOptions.Inputs)");
        }
        else if (!double.IsFinite(value))
        {
            throw declaration.NamePosition.Error($"input '{Quote(declaration.Name)}' is not a finite number");
        }
        if (declaration.Type is ScalarType.Int or ScalarType.UInt && value != Math.Floor(value))
        {
            throw declaration.NamePosition.Error($"'{Quote(declaration.Name)}' is declared {TypeName(declaration.Type)} but its value {value} is not an integer");
        }
        if (declaration.Type == ScalarType.UInt && value < 0)
        {
            throw declaration.NamePosition.Error($"'{Quote(declaration.Name)}' is declared uint but its value {value} is negative");
        }
        _names.Add(declaration.Name, new ScalarName(declaration.NamePosition, value));
    }

    private static string TypeName(ScalarType type) => type.ToString().ToLowerInvariant();
}
