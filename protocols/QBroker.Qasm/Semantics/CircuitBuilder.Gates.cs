using QBroker.Qasm.Syntax;

namespace QBroker.Qasm.Semantics;

internal sealed partial class CircuitBuilder
{
    private readonly Dictionary<string, UserGateSymbol> _userGates = new(StringComparer.Ordinal);
    private bool _libraryIncluded;

    /// <summary>User definitions first (they may replace a library extension), then built-ins, then the included library.</summary>
    private GateSymbol ResolveGate(string name, SourcePosition position)
    {
        if (_userGates.TryGetValue(name, out var user))
        {
            return user;
        }
        if (GateLibrary.BuiltIns(_version).TryGetValue(name, out var builtIn))
        {
            return builtIn;
        }
        var core = GateLibrary.Core(_version);
        var extensions = GateLibrary.Extensions(_version);
        if (_libraryIncluded && (core.TryGetValue(name, out var library) || extensions.TryGetValue(name, out library)))
        {
            return library;
        }
        if (name is "rccx" or "rc3x")
        {
            throw position.Error($"gate '{name}' (a relative-phase Toffoli) is not supported: it differs from ccx/c3x by phases; use ccx or c3x, or define it with 'gate'");
        }
        if (core.ContainsKey(name) || extensions.ContainsKey(name))
        {
            throw position.Error($"unknown gate '{name}': add 'include \"{GateLibrary.IncludeFile(_version)}\";' to use the standard gates");
        }
        throw position.Error($"unknown gate '{Quote(name)}'");
    }

    private static void CheckArity(GateSymbol gate, GateCall call)
    {
        if (call.Arguments.Count != gate.ParameterCount)
        {
            throw call.Position.Error($"gate '{gate.Name}' takes {Plural(gate.ParameterCount, "parameter")}, got {call.Arguments.Count}");
        }
        if (call.Qubits.Count != gate.QubitCount)
        {
            throw call.Position.Error($"gate '{gate.Name}' takes {Plural(gate.QubitCount, "qubit")}, got {call.Qubits.Count}");
        }
    }

    private static string Plural(int count, string noun) => count switch
    {
        0 => $"no {noun}s",
        1 => $"1 {noun}",
        _ => $"{count} {noun}s",
    };

    private void Call(GateCall call, OperationSink sink)
    {
        var gate = ResolveGate(call.Name, call.Position);
        CheckArity(gate, call);
        var parameters = call.Arguments.Count == 0 ? [] : new double[call.Arguments.Count];
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i] = call.Arguments[i].Evaluate(this);
        }
        var operands = new ResolvedOperand[call.Qubits.Count];
        for (var i = 0; i < operands.Length; i++)
        {
            operands[i] = ResolveQubits(call.Qubits[i]);
        }
        var count = BroadcastCount(operands, "the call to", gate.Name);
        var perCall = gate.ExpandedOperationCount;
        sink.Budget.Reserve(perCall > long.MaxValue / count ? long.MaxValue : perCall * count);
        for (var k = 0; k < count; k++)
        {
            var qubits = new int[operands.Length];
            for (var i = 0; i < operands.Length; i++)
            {
                qubits[i] = operands[i][k];
                for (var j = 0; j < i; j++)
                {
                    if (qubits[j] == qubits[i])
                    {
                        throw operands[i].Syntax.Position.Error(
                            $"duplicate qubit operand: qubit {DescribeQubit(qubits[i])} is used twice in the call to '{gate.Name}'");
                    }
                }
            }
            gate.Expand(parameters, qubits, sink);
        }
    }

    private string DescribeQubit(int qubit)
    {
        var register = _quantumRegisters.Last(r => r.Offset <= qubit);
        return $"{Quote(register.Name)}[{qubit - register.Offset}]";
    }

    private void DefineGate(GateDefinition definition)
    {
        CheckNewGateName(definition);
        var parameterNames = new string[definition.Parameters.Count];
        var argumentIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < parameterNames.Length; i++)
        {
            var parameter = definition.Parameters[i];
            if (NameExpression.TryGetBuiltInConstant(parameter.Name, out _))
            {
                throw parameter.Position.Error($"'{parameter.Name}' is a built-in constant and cannot name a parameter");
            }
            if (Array.IndexOf(parameterNames, parameter.Name, 0, i) >= 0)
            {
                throw parameter.Position.Error($"parameter '{Quote(parameter.Name)}' is declared twice in gate '{Quote(definition.Name)}'");
            }
            parameterNames[i] = parameter.Name;
        }
        foreach (var qubit in definition.Qubits)
        {
            if (argumentIndex.ContainsKey(qubit.Name) || parameterNames.Contains(qubit.Name))
            {
                throw qubit.Position.Error($"'{Quote(qubit.Name)}' is declared twice in gate '{Quote(definition.Name)}'");
            }
            argumentIndex.Add(qubit.Name, argumentIndex.Count);
        }

        var constants = new Dictionary<string, double>(StringComparer.Ordinal);
        var body = new List<GateBodyStep>(definition.Body.Count);
        foreach (var statement in definition.Body)
        {
            body.Add(statement switch
            {
                GateCall call => CompileBodyCall(definition, call, parameterNames, argumentIndex, constants),
                BarrierStatement barrier => new GateBodyBarrier(barrier.Qubits.Count == 0
                    ? [.. Enumerable.Range(0, argumentIndex.Count)]
                    : [.. barrier.Qubits.Select(q => ArgumentIndex(definition, q, argumentIndex))]),
                _ => throw statement.Position.Error("only gate calls and 'barrier' are allowed inside a gate definition"),
            });
        }
        var symbol = new UserGateSymbol(definition.Name, definition.Position, parameterNames, argumentIndex.Count, body, constants);
        if (symbol.Depth > _options.MaxGateDefinitionDepth)
        {
            throw definition.Position.Error(
                $"gate '{Quote(definition.Name)}' nests gate definitions {symbol.Depth} levels deep; the limit is {_options.MaxGateDefinitionDepth}");
        }
        _userGates.Add(definition.Name, symbol);
    }

    private void CheckNewGateName(GateDefinition definition)
    {
        var name = definition.Name;
        if (GateLibrary.BuiltIns(_version).ContainsKey(name))
        {
            throw definition.Position.Error($"gate '{name}' is built in and cannot be redefined");
        }
        if (_userGates.TryGetValue(name, out var existing))
        {
            throw definition.Position.Error($"gate '{Quote(name)}' is already defined at {existing.Position}");
        }
        if (_libraryIncluded && GateLibrary.Core(_version).ContainsKey(name))
        {
            throw definition.Position.Error($"gate '{name}' is already defined by \"{GateLibrary.IncludeFile(_version)}\"");
        }
    }

    private GateBodyCall CompileBodyCall(
        GateDefinition definition,
        GateCall call,
        string[] parameterNames,
        Dictionary<string, int> argumentIndex,
        Dictionary<string, double> constants)
    {
        if (call.Name == definition.Name)
        {
            throw call.Position.Error($"gate '{Quote(definition.Name)}' cannot call itself: recursive gate definitions are not allowed");
        }
        var callee = ResolveGate(call.Name, call.Position);
        CheckArity(callee, call);
        var names = new List<NameExpression>();
        foreach (var argument in call.Arguments)
        {
            argument.CollectNames(names);
        }
        foreach (var name in names)
        {
            if (parameterNames.Contains(name.Name))
            {
                continue;
            }
            if (_names.GetValueOrDefault(name.Name) is ScalarName scalar)
            {
                constants[name.Name] = scalar.Value;
                continue;
            }
            throw name.Position.Error($"undeclared identifier '{Quote(name.Name)}' in gate '{Quote(definition.Name)}'");
        }
        var qubits = new int[call.Qubits.Count];
        for (var i = 0; i < qubits.Length; i++)
        {
            qubits[i] = ArgumentIndex(definition, call.Qubits[i], argumentIndex);
            if (Array.IndexOf(qubits, qubits[i], 0, i) >= 0)
            {
                throw call.Qubits[i].Position.Error(
                    $"duplicate qubit operand: '{Quote(call.Qubits[i].Name)}' is used twice in the call to '{callee.Name}'");
            }
        }
        return new GateBodyCall(callee, [.. call.Arguments], qubits);
    }

    private static int ArgumentIndex(GateDefinition definition, Operand operand, Dictionary<string, int> argumentIndex) =>
        argumentIndex.TryGetValue(operand.Name, out var index)
            ? index
            : throw operand.Position.Error($"'{Quote(operand.Name)}' is not a qubit argument of gate '{Quote(definition.Name)}'");
}
