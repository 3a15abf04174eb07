namespace QBroker.Qasm.Tests;

public sealed class ExpressionTests
{
    private static double Angle2(string expression) => Qasm.SingleGate(Qasm.Parse2($"qreg q[1];\nrx({expression}) q[0];")).Parameters[0];

    private static double Angle3(string expression) => Qasm.SingleGate(Qasm.Parse3($"qubit q;\nrx({expression}) q;")).Parameters[0];

    [Theory]
    [InlineData("pi", Math.PI)]
    [InlineData("pi/2", Math.PI / 2)]
    [InlineData("-pi", -Math.PI)]
    [InlineData("+3", 3.0)]
    [InlineData("1+2*3", 7.0)]
    [InlineData("(1+2)*3", 9.0)]
    [InlineData("10/4", 2.5)]
    [InlineData("7-2-1", 4.0)]
    [InlineData("2^3", 8.0)]
    [InlineData("2^3^2", 512.0)]
    [InlineData("-2^2", -4.0)]
    [InlineData("2^-1", 0.5)]
    [InlineData("- -1", 1.0)]
    [InlineData("sin(pi/2)", 1.0)]
    [InlineData("cos(0)", 1.0)]
    [InlineData("tan(pi/4)", 1.0)]
    [InlineData("exp(1)", Math.E)]
    [InlineData("ln(exp(2))", 2.0)]
    [InlineData("sqrt(2)*sqrt(2)", 2.0)]
    [InlineData("asin(1)", Math.PI / 2)]
    [InlineData("1e-3", 0.001)]
    [InlineData("1.5E+2", 150.0)]
    [InlineData("2.5e2", 250.0)]
    [InlineData(".5", 0.5)]
    [InlineData("2.", 2.0)]
    [InlineData("0e5", 0.0)]
    [InlineData("1.e1", 10.0)]
    [InlineData("3.14159", 3.14159)]
    public void OpenQasm2_expression_evaluates(string expression, double expected) =>
        Assert.Equal(expected, Angle2(expression), 12);

    [Theory]
    [InlineData("2**3", 8.0)]
    [InlineData("-2**2", -4.0)]
    [InlineData("π", Math.PI)]
    [InlineData("tau/2", Math.PI)]
    [InlineData("τ", Math.Tau)]
    [InlineData("euler", Math.E)]
    [InlineData("1_000/1000", 1.0)]
    [InlineData("0x10", 16.0)]
    [InlineData("0b101", 5.0)]
    [InlineData("0o17", 15.0)]
    [InlineData("7 % 3", 1.0)]
    [InlineData("arccos(1)", 0.0)]
    [InlineData("arctan(1)*4", Math.PI)]
    public void OpenQasm3_expression_evaluates(string expression, double expected) =>
        Assert.Equal(expected, Angle3(expression), 12);

    [Theory]
    [InlineData("1/0", 5, "division by zero")]
    [InlineData("ln(0)", 4, "not a finite number")]
    [InlineData("sqrt(-1)", 4, "not a finite number")]
    [InlineData("exp(1000)", 4, "not a finite number")]
    [InlineData("10^400", 6, "not a finite number")]
    [InlineData("foo(1)", 4, "unknown function 'foo'")]
    [InlineData("theta", 4, "undeclared identifier 'theta'")]
    [InlineData("q", 4, "register 'q' cannot be used as a number")]
    [InlineData("1 +", 7, "expected an expression but found ')'")]
    public void Invalid_expression_is_refused_at_its_position(string expression, int column, string message)
    {
        var error = Qasm.Error($"{Qasm.Header2}qreg q[1];\nrx({expression}) q[0];");

        Assert.Equal(4, error.Line);
        Assert.Equal(column, error.Column);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Huge_literal_is_refused_cleanly()
    {
        var error = Qasm.Error($"{Qasm.Header2}qreg q[1];\nrx(1{new string('0', 400)}) q[0];");

        Assert.Equal((4, 4), (error.Line, error.Column));
        Assert.Contains("too large", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Caret_is_refused_in_OpenQasm3_where_it_means_xor()
    {
        var error = Qasm.Error($"{Qasm.Header3}qubit q;\nrx(2^3) q;");

        Assert.Equal((4, 5), (error.Line, error.Column));
        Assert.Contains("'**'", error.Message, StringComparison.Ordinal);
    }
}
