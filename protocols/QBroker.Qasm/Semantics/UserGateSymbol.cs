using QBroker.Qasm.Ir;
using QBroker.Qasm.Syntax;

namespace QBroker.Qasm.Semantics;

/// <summary>One statement of a user gate body, resolved at definition time: its callee and which gate arguments it acts on.</summary>
internal abstract record GateBodyStep(int[] QubitArguments);

internal sealed record GateBodyCall(GateSymbol Callee, Expression[] Arguments, int[] QubitArguments) : GateBodyStep(QubitArguments);

internal sealed record GateBodyBarrier(int[] QubitArguments) : GateBodyStep(QubitArguments);

/// <summary>
/// A user <c>gate</c> definition, checked once when it is declared (callees exist and were declared earlier,
/// arities match, names resolve) so that expanding a call can only fail on arithmetic (e.g. division by zero).
/// Because a body may only call gates declared before it, definitions form a DAG and expansion terminates.
/// </summary>
internal sealed class UserGateSymbol : GateSymbol
{
    private readonly string[] _parameterNames;
    private readonly IReadOnlyList<GateBodyStep> _body;
    private readonly IReadOnlyDictionary<string, double> _constants;

    public UserGateSymbol(
        string name,
        SourcePosition position,
        string[] parameterNames,
        int qubitCount,
        IReadOnlyList<GateBodyStep> body,
        IReadOnlyDictionary<string, double> constants)
        : base(name, parameterNames.Length, qubitCount)
    {
        Position = position;
        _parameterNames = parameterNames;
        _body = body;
        _constants = constants;
        Depth = 1 + body.OfType<GateBodyCall>().Select(call => call.Callee.Depth).DefaultIfEmpty(0).Max();
        long count = 0;
        foreach (var step in body)
        {
            var stepCount = step is GateBodyCall call ? call.Callee.ExpandedOperationCount : 1;
            count = stepCount > long.MaxValue - count ? long.MaxValue : count + stepCount;
        }
        ExpandedOperationCount = count;
    }

    public SourcePosition Position { get; }

    public override int Depth { get; }

    public override long ExpandedOperationCount { get; }

    public override void Expand(double[] parameters, int[] qubits, OperationSink sink)
    {
        var scope = new GateParameterScope(_parameterNames, parameters, _constants);
        foreach (var step in _body)
        {
            var mapped = new int[step.QubitArguments.Length];
            for (var i = 0; i < mapped.Length; i++)
            {
                mapped[i] = qubits[step.QubitArguments[i]];
            }
            if (step is GateBodyCall call)
            {
                var arguments = call.Arguments.Length == 0 ? [] : new double[call.Arguments.Length];
                for (var i = 0; i < arguments.Length; i++)
                {
                    arguments[i] = call.Arguments[i].Evaluate(scope);
                }
                call.Callee.Expand(arguments, mapped, sink);
            }
            else
            {
                sink.Add(new BarrierOperation(mapped));
            }
        }
    }

    /// <summary>Gate bodies see their own parameters and the global constants they referenced when defined, nothing else.</summary>
    private sealed class GateParameterScope(string[] names, double[] values, IReadOnlyDictionary<string, double> constants) : IValueScope
    {
        public double ValueOf(string name, SourcePosition position)
        {
            for (var i = 0; i < names.Length; i++)
            {
                if (names[i] == name)
                {
                    return values[i];
                }
            }
            return constants.TryGetValue(name, out var value) ? value : throw position.Error($"undeclared identifier '{name}'");
        }
    }
}
