namespace QBroker.Qasm.Syntax;

/// <summary>
/// A real-valued expression as written in the source (gate parameters, indices, sizes, loop bounds). It is kept as
/// a tree because loop bodies and gate bodies are evaluated once per iteration or call, with different bindings.
/// Every node checks that its result is finite, so NaN or infinity never reaches the circuit.
/// </summary>
internal abstract class Expression(SourcePosition position, int depth)
{
    public SourcePosition Position { get; } = position;

    /// <summary>Height of the tree below and including this node; evaluation recurses this deep.</summary>
    public int Depth { get; } = depth;

    public abstract double Evaluate(IValueScope scope);

    /// <summary>Adds every free name (not a built-in constant) to <paramref name="names"/>.</summary>
    public abstract void CollectNames(List<NameExpression> names);

    protected double Finite(double value, string what) =>
        double.IsFinite(value) ? value : throw Position.Error($"{what} is not a finite number");
}

internal sealed class NumberExpression(SourcePosition position, double value, ulong? exactInteger) : Expression(position, 1)
{
    public double Value { get; } = value;

    /// <summary>The literal's exact value when it is an integer that fits 64 bits (doubles lose precision above 2^53).</summary>
    public ulong? ExactInteger { get; } = exactInteger;

    public override double Evaluate(IValueScope scope) => Value;

    public override void CollectNames(List<NameExpression> names)
    {
    }
}

internal sealed class NameExpression(SourcePosition position, string name) : Expression(position, 1)
{
    public string Name { get; } = name;

    /// <summary>Constants of both language versions (pi) and OpenQASM 3's unicode spellings, tau and Euler's number.</summary>
    public static bool TryGetBuiltInConstant(string name, out double value)
    {
        value = name switch
        {
            "pi" or "π" => Math.PI,
            "tau" or "τ" => Math.Tau,
            "euler" or "ℇ" => Math.E,
            _ => double.NaN,
        };
        return !double.IsNaN(value);
    }

    public override double Evaluate(IValueScope scope) =>
        TryGetBuiltInConstant(Name, out var value) ? value : scope.ValueOf(Name, Position);

    public override void CollectNames(List<NameExpression> names)
    {
        if (!TryGetBuiltInConstant(Name, out _))
        {
            names.Add(this);
        }
    }
}

internal enum UnaryOperator
{
    Negate,
    Plus,
}

internal sealed class UnaryExpression(SourcePosition position, UnaryOperator op, Expression operand)
    : Expression(position, operand.Depth + 1)
{
    public override double Evaluate(IValueScope scope)
    {
        var value = operand.Evaluate(scope);
        return op == UnaryOperator.Negate ? -value : value;
    }

    public override void CollectNames(List<NameExpression> names) => operand.CollectNames(names);
}

internal enum BinaryOperator
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
    Power,
}

internal sealed class BinaryExpression(SourcePosition position, BinaryOperator op, Expression left, Expression right)
    : Expression(position, Math.Max(left.Depth, right.Depth) + 1)
{
    public override double Evaluate(IValueScope scope)
    {
        var a = left.Evaluate(scope);
        var b = right.Evaluate(scope);
        return op switch
        {
            BinaryOperator.Add => Finite(a + b, "the sum"),
            BinaryOperator.Subtract => Finite(a - b, "the difference"),
            BinaryOperator.Multiply => Finite(a * b, "the product"),
            BinaryOperator.Divide => b == 0 ? throw Position.Error("division by zero") : Finite(a / b, "the quotient"),
            BinaryOperator.Modulo => b == 0 ? throw Position.Error("modulo by zero") : Finite(a % b, "the remainder"),
            _ => Finite(Math.Pow(a, b), "the power"),
        };
    }

    public override void CollectNames(List<NameExpression> names)
    {
        left.CollectNames(names);
        right.CollectNames(names);
    }
}

internal enum MathFunction
{
    Sin,
    Cos,
    Tan,
    Exp,
    Ln,
    Sqrt,
    Asin,
    Acos,
    Atan,
}

internal sealed class FunctionCallExpression(SourcePosition position, MathFunction function, Expression argument)
    : Expression(position, argument.Depth + 1)
{
    /// <summary>OpenQASM 2.0's six functions, plus the inverse trigonometric ones under both their common spellings.</summary>
    public static bool TryGetFunction(string name, out MathFunction function)
    {
        (var found, function) = name switch
        {
            "sin" => (true, MathFunction.Sin),
            "cos" => (true, MathFunction.Cos),
            "tan" => (true, MathFunction.Tan),
            "exp" => (true, MathFunction.Exp),
            "ln" => (true, MathFunction.Ln),
            "sqrt" => (true, MathFunction.Sqrt),
            "asin" or "arcsin" => (true, MathFunction.Asin),
            "acos" or "arccos" => (true, MathFunction.Acos),
            "atan" or "arctan" => (true, MathFunction.Atan),
            _ => (false, MathFunction.Sin),
        };
        return found;
    }

    public override double Evaluate(IValueScope scope)
    {
        var x = argument.Evaluate(scope);
        var result = function switch
        {
            MathFunction.Sin => Math.Sin(x),
            MathFunction.Cos => Math.Cos(x),
            MathFunction.Tan => Math.Tan(x),
            MathFunction.Exp => Math.Exp(x),
            MathFunction.Ln => Math.Log(x),
            MathFunction.Sqrt => Math.Sqrt(x),
            MathFunction.Asin => Math.Asin(x),
            MathFunction.Acos => Math.Acos(x),
            _ => Math.Atan(x),
        };
        return Finite(result, $"{function.ToString().ToLowerInvariant()}({x})");
    }

    public override void CollectNames(List<NameExpression> names) => argument.CollectNames(names);
}
