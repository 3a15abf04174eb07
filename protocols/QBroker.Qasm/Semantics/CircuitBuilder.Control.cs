using QBroker.Qasm.Ir;
using QBroker.Qasm.Syntax;

namespace QBroker.Qasm.Semantics;

internal sealed partial class CircuitBuilder
{
    /// <summary>Conditions read the bits as one unsigned integer (<see cref="ClassicalCondition.Value"/> is a ulong).</summary>
    private const int MaxConditionWidth = 64;

    /// <summary>
    /// Deepest nesting of conditional operations in the circuit. Backends walk Then/Else recursively, so the IR's
    /// depth must stay bounded however the source nests ifs and switches (a switch lowers to a chain of nested
    /// conditionals, one level per value); 256 still allows a switch over every value of an 8-bit register.
    /// </summary>
    private const int MaxConditionalNesting = 256;

    private int _conditionalNesting;

    /// <summary>Largest integer a double holds exactly (2^53); computed comparison values beyond it would be silently rounded.</summary>
    private const double MaxExactInteger = 9_007_199_254_740_992;

    private void If(IfStatement statement, OperationSink sink)
    {
        var (condition, equal) = Condition(statement.Condition);
        var then = new List<Operation>();
        var otherwise = new List<Operation>();
        EnterConditional(1, statement.Position);
        LowerBlock(statement.Then, sink.Nested(then));
        LowerBlock(statement.Else, sink.Nested(otherwise));
        _conditionalNesting--;
        if (then.Count == 0 && otherwise.Count == 0)
        {
            return;
        }
        // ClassicalCondition only tests equality; "c != k" is the same block with its branches exchanged.
        sink.Add(equal ? new ConditionalOperation(condition, then, otherwise) : new ConditionalOperation(condition, otherwise, then));
    }

    private void EnterConditional(int levels, SourcePosition position)
    {
        _conditionalNesting += levels;
        if (_conditionalNesting > MaxConditionalNesting)
        {
            throw position.Error($"conditionals nest more than {MaxConditionalNesting} levels deep (a switch counts one level per case value)");
        }
    }

    private (ClassicalCondition Condition, bool Equal) Condition(ConditionSyntax syntax)
    {
        var target = ConditionTarget(syntax.Target);
        var value = syntax.Value is null ? 0 : ComparedValue(syntax.Value);
        if (target.Count == 1 && !syntax.Equal && value <= 1)
        {
            // One bit is either value or its complement: "c[i] != 0" and "if (c[i])" become "c[i] == 1".
            return (new ClassicalCondition(target.First, 1, 1 - value), true);
        }
        return (new ClassicalCondition(target.First, target.Count, value), syntax.Equal);
    }

    private ResolvedOperand ConditionTarget(Operand operand)
    {
        var target = ResolveBits(operand);
        if (target.Count > MaxConditionWidth)
        {
            throw operand.Position.Error(
                $"conditions on registers wider than {MaxConditionWidth} bits are not supported ('{Quote(operand.Name)}' has {target.Count})");
        }
        return target;
    }

    /// <summary>The integer a register is compared with; literals are taken exactly (all 64 bits), computed values up to 2^53.</summary>
    private ulong ComparedValue(Expression expression)
    {
        if (expression is NumberExpression { ExactInteger: { } exact })
        {
            return exact;
        }
        var computed = expression.Evaluate(this);
        if (computed != Math.Floor(computed) || computed < 0 || computed > MaxExactInteger)
        {
            throw expression.Position.Error($"a condition compares bits with a non-negative integer, got {computed}");
        }
        return (ulong)computed;
    }

    /// <summary>
    /// A switch becomes a chain of equality tests, first case outermost: "case 1, 2 {A} default {D}" is
    /// if (c == 1) A else if (c == 2) A else D. Each case body is lowered once and shared by its values; the
    /// budget is still charged for every copy, as a consumer walking the chain would see them.
    /// </summary>
    private void Switch(SwitchStatement statement, OperationSink sink)
    {
        var target = ConditionTarget(statement.Target);
        var valueCount = statement.Cases.Sum(choice => choice.Values.Count);
        // Every body may end up as deep as the chain is long; charging the whole chain up front is conservative.
        EnterConditional(valueCount, statement.Position);
        var tests = new List<(ulong Value, List<Operation> Body)>();
        var seen = new HashSet<ulong>();
        foreach (var choice in statement.Cases)
        {
            var body = new List<Operation>();
            var first = true;
            foreach (var expression in choice.Values)
            {
                var value = ComparedValue(expression);
                if (!seen.Add(value))
                {
                    throw expression.Position.Error($"case value {value} appears twice in the switch");
                }
                if (first)
                {
                    LowerBlock(choice.Body, sink.Nested(body));
                    first = false;
                }
                else
                {
                    sink.Budget.Spend(body.Count);
                }
                tests.Add((value, body));
            }
        }
        if (tests.Count == 0)
        {
            // No case: the default always runs, unconditionally.
            LowerBlock(statement.Default, sink);
            return;
        }
        var otherwise = new List<Operation>();
        LowerBlock(statement.Default, sink.Nested(otherwise));
        _conditionalNesting -= valueCount;
        IReadOnlyList<Operation> chain = otherwise;
        for (var i = tests.Count - 1; i > 0; i--)
        {
            sink.Budget.Spend(1);
            chain = [new ConditionalOperation(new ClassicalCondition(target.First, target.Count, tests[i].Value), tests[i].Body, chain)];
        }
        sink.Add(new ConditionalOperation(new ClassicalCondition(target.First, target.Count, tests[0].Value), tests[0].Body, chain));
    }

    private void LowerBlock(IReadOnlyList<Statement> statements, OperationSink sink)
    {
        foreach (var statement in statements)
        {
            Lower(statement, sink);
        }
    }

    private void For(ForStatement loop, OperationSink sink)
    {
        if (_names.GetValueOrDefault(loop.Variable) is QuantumRegisterName or ClassicalRegisterName)
        {
            throw loop.Position.Error($"loop variable '{Quote(loop.Variable)}' would hide the register of the same name");
        }
        var values = LoopValues(loop);
        var hadOuter = _loopVariables.TryGetValue(loop.Variable, out var outer);
        foreach (var value in values)
        {
            _loopVariables[loop.Variable] = value;
            LowerBlock(loop.Body, sink);
        }
        if (hadOuter)
        {
            _loopVariables[loop.Variable] = outer;
        }
        else
        {
            _loopVariables.Remove(loop.Variable);
        }
    }

    /// <summary>
    /// The values the loop variable takes. Ranges are inclusive at both ends (OpenQASM 3 semantics) and are
    /// charged to the iteration budget before the first iteration, so a huge range fails at once.
    /// </summary>
    private IEnumerable<double> LoopValues(ForStatement loop)
    {
        var min = loop.IsUnsigned ? 0 : -(long)MaxExactInteger;
        var max = (long)MaxExactInteger;
        var kind = loop.IsUnsigned ? "uint loop value" : "int loop value";
        if (loop.Iterable is SetIterable set)
        {
            _budget.SpendIterations(set.Values.Count);
            var values = new double[set.Values.Count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = EvaluateInteger(set.Values[i], this, kind, min, max);
            }
            return values;
        }
        var range = (RangeIterable)loop.Iterable;
        var start = EvaluateInteger(range.Start, this, kind, min, max);
        var end = EvaluateInteger(range.End, this, kind, min, max);
        var step = range.Step is null ? 1 : EvaluateInteger(range.Step, this, "loop step", -max, max);
        if (step == 0)
        {
            throw range.Step!.Position.Error("loop step must not be zero");
        }
        var count = step > 0
            ? (end >= start ? ((end - start) / step) + 1 : 0)
            : (start >= end ? ((start - end) / -step) + 1 : 0);
        _budget.SpendIterations(count);
        return RangeValues(start, step, count);
    }

    private static IEnumerable<double> RangeValues(long start, long step, long count)
    {
        for (long i = 0; i < count; i++)
        {
            yield return start + (i * step);
        }
    }
}
