using System.Globalization;
using System.Text;

namespace QBroker.Qasm.Tests.Fuzzing;

/// <summary>
/// Generates valid OpenQASM 2.0 and 3 programs from a small grammar: registers, constants and inputs, gate
/// definitions, gate calls (with broadcast), measure, reset, barrier, conditions and (in version 3) loops and switches.
/// Every program it returns must parse; the fuzz test checks that, then mutates them into invalid ones.
/// </summary>
internal sealed class ProgramGenerator(Random random)
{
    /// <summary>Inputs the generated OpenQASM 3 programs may declare; the fuzz options bind them.</summary>
    public static readonly IReadOnlyDictionary<string, double> Inputs = new Dictionary<string, double> { ["theta"] = 0.5, ["phi"] = 1.25 };

    private static readonly (string Name, int Parameters, int Qubits)[] Qelib1Gates =
    [
        ("u3", 3, 1), ("u2", 2, 1), ("u1", 1, 1), ("cx", 0, 2), ("id", 0, 1), ("x", 0, 1), ("y", 0, 1), ("z", 0, 1),
        ("h", 0, 1), ("s", 0, 1), ("sdg", 0, 1), ("t", 0, 1), ("tdg", 0, 1), ("rx", 1, 1), ("ry", 1, 1), ("rz", 1, 1),
        ("cz", 0, 2), ("cy", 0, 2), ("ch", 0, 2), ("ccx", 0, 3), ("crz", 1, 2), ("cu1", 1, 2), ("cu3", 3, 2),
        ("swap", 0, 2), ("cswap", 0, 3), ("crx", 1, 2), ("cry", 1, 2), ("rxx", 1, 2), ("rzz", 1, 2), ("u", 3, 1),
        ("p", 1, 1), ("sx", 0, 1), ("sxdg", 0, 1), ("cp", 1, 2), ("csx", 0, 2), ("U", 3, 1), ("CX", 0, 2),
    ];

    private static readonly (string Name, int Parameters, int Qubits)[] StdGates =
    [
        ("p", 1, 1), ("x", 0, 1), ("y", 0, 1), ("z", 0, 1), ("h", 0, 1), ("s", 0, 1), ("sdg", 0, 1), ("t", 0, 1),
        ("tdg", 0, 1), ("sx", 0, 1), ("rx", 1, 1), ("ry", 1, 1), ("rz", 1, 1), ("cx", 0, 2), ("cy", 0, 2), ("cz", 0, 2),
        ("cp", 1, 2), ("crx", 1, 2), ("cry", 1, 2), ("crz", 1, 2), ("ch", 0, 2), ("cu", 4, 2), ("swap", 0, 2),
        ("ccx", 0, 3), ("cswap", 0, 3), ("CX", 0, 2), ("phase", 1, 1), ("cphase", 1, 2), ("id", 0, 1), ("u1", 1, 1),
        ("u2", 2, 1), ("u3", 3, 1), ("U", 3, 1), ("gphase", 1, 0),
    ];

    private readonly StringBuilder _text = new();
    private readonly List<(string Name, int Size)> _quantum = [];
    private readonly List<(string Name, int Size)> _classical = [];
    private readonly List<(string Name, int Parameters, int Qubits)> _gates = [];
    private readonly List<string> _scalars = [];
    private bool _version3;

    public string Generate(bool version3)
    {
        _text.Clear();
        _quantum.Clear();
        _classical.Clear();
        _gates.Clear();
        _scalars.Clear();
        _version3 = version3;
        _gates.AddRange(version3 ? StdGates : Qelib1Gates);

        _text.Append(version3 ? (random.Next(2) == 0 ? "OPENQASM 3;\n" : "OPENQASM 3.0;\n") : "OPENQASM 2.0;\n");
        _text.Append(version3 ? "include \"stdgates.inc\";\n" : "include \"qelib1.inc\";\n");
        MaybeComment();
        DeclareRegisters();
        if (version3)
        {
            DeclareScalars();
        }
        for (var g = random.Next(3); g > 0; g--)
        {
            DefineGate();
        }
        for (var s = random.Next(3, 16); s > 0; s--)
        {
            Statement(depth: 0);
        }
        return _text.ToString();
    }

    private void MaybeComment()
    {
        switch (random.Next(6))
        {
            case 0:
                _text.Append("// a line comment\n");
                break;
            case 1:
                _text.Append("/* a block\n   comment */\n");
                break;
        }
    }

    private void DeclareRegisters()
    {
        for (var r = random.Next(1, 4); r > 0; r--)
        {
            var name = $"q{_quantum.Count}";
            var size = random.Next(1, 5);
            _quantum.Add((name, size));
            _text.Append(!_version3 || random.Next(3) == 0 ? $"qreg {name}[{size}];\n" : size == 1 && random.Next(2) == 0 ? $"qubit {name};\n" : $"qubit[{size}] {name};\n");
        }
        for (var r = random.Next(1, 3); r > 0; r--)
        {
            var name = $"c{_classical.Count}";
            var size = random.Next(1, 5);
            _classical.Add((name, size));
            _text.Append(!_version3 || random.Next(3) == 0 ? $"creg {name}[{size}];\n" : $"bit[{size}] {name};\n");
        }
    }

    private void DeclareScalars()
    {
        if (random.Next(2) == 0)
        {
            _text.Append(random.Next(2) == 0 ? "input float[64] theta;\n" : "input angle theta;\n");
            _scalars.Add("theta");
        }
        if (random.Next(2) == 0)
        {
            _text.Append("input float phi;\n");
            _scalars.Add("phi");
        }
        if (random.Next(2) == 0)
        {
            _text.Append($"const float k = {Expression(2, [])};\n");
            _scalars.Add("k");
        }
    }

    private void DefineGate()
    {
        var name = $"g{_gates.Count}";
        var parameters = Enumerable.Range(0, random.Next(3)).Select(i => $"a{i}").ToArray();
        var qubits = Enumerable.Range(0, random.Next(1, 4)).Select(i => $"w{i}").ToArray();
        _text.Append("gate ").Append(name);
        if (parameters.Length > 0 || random.Next(4) == 0)
        {
            _text.Append('(').Append(string.Join(", ", parameters)).Append(')');
        }
        _text.Append(' ').Append(string.Join(", ", qubits)).Append(" {\n");
        var usable = _gates.Where(g => g.Qubits <= qubits.Length).ToList();
        for (var s = random.Next(1, 4); s > 0; s--)
        {
            if (random.Next(8) == 0)
            {
                _text.Append("  barrier ").Append(string.Join(", ", qubits)).Append(";\n");
                continue;
            }
            var gate = usable[random.Next(usable.Count)];
            var chosen = qubits.OrderBy(_ => random.Next()).Take(gate.Qubits);
            _text.Append("  ").Append(Call(gate, [.. parameters, .. _scalars], chosen)).Append('\n');
        }
        _text.Append("}\n");
        _gates.Add((name, parameters.Length, qubits.Length));
    }

    private string Call((string Name, int Parameters, int Qubits) gate, IReadOnlyList<string> names, IEnumerable<string> operands)
    {
        var call = new StringBuilder(gate.Name);
        if (gate.Parameters > 0)
        {
            call.Append('(').Append(string.Join(", ", Enumerable.Range(0, gate.Parameters).Select(_ => Expression(3, names)))).Append(')');
        }
        var list = string.Join(", ", operands);
        if (list.Length > 0)
        {
            call.Append(' ').Append(list);
        }
        return call.Append(';').ToString();
    }

    private void Statement(int depth, string? loopVariable = null, int loopLimit = 0)
    {
        var choice = random.Next(_version3 && depth < 2 ? 12 : 9);
        switch (choice)
        {
            case < 5:
                GateCall(loopVariable, loopLimit);
                break;
            case 5:
                Measure();
                break;
            case 6:
                _text.Append("reset ").Append(Qubit(out _)).Append(";\n");
                break;
            case 7:
                _text.Append("barrier ").Append(random.Next(2) == 0 ? _quantum[random.Next(_quantum.Count)].Name : Qubit(out _)).Append(";\n");
                break;
            case 8:
                Conditional(depth);
                break;
            default:
                Loop(depth);
                break;
        }
        MaybeComment();
    }

    private void GateCall(string? loopVariable, int loopLimit)
    {
        var totalQubits = _quantum.Sum(r => r.Size);
        var candidates = _gates.Where(g => g.Qubits <= totalQubits).ToList();
        var gate = candidates[random.Next(candidates.Count)];
        var names = loopVariable is null ? _scalars : [.. _scalars, loopVariable];
        if (gate.Qubits == 1 && random.Next(4) == 0)
        {
            _text.Append(Call(gate, names, [_quantum[random.Next(_quantum.Count)].Name])).Append('\n');
            return;
        }
        if (gate.Qubits == 1 && loopVariable is not null)
        {
            var fitting = _quantum.Where(r => r.Size > loopLimit).ToList();
            if (fitting.Count > 0)
            {
                _text.Append(Call(gate, names, [$"{fitting[random.Next(fitting.Count)].Name}[{loopVariable}]"])).Append('\n');
                return;
            }
        }
        var all = _quantum.SelectMany(r => Enumerable.Range(0, r.Size).Select(i => $"{r.Name}[{i}]")).ToList();
        var chosen = all.OrderBy(_ => random.Next()).Take(gate.Qubits);
        _text.Append(Call(gate, names, chosen)).Append('\n');
    }

    private string Qubit(out int size)
    {
        var register = _quantum[random.Next(_quantum.Count)];
        size = register.Size;
        return $"{register.Name}[{random.Next(register.Size)}]";
    }

    private void Measure()
    {
        var quantum = _quantum[random.Next(_quantum.Count)];
        var matching = _classical.Where(c => c.Size == quantum.Size).ToList();
        if (matching.Count > 0 && random.Next(3) == 0)
        {
            var bits = matching[random.Next(matching.Count)].Name;
            _text.Append(_version3 && random.Next(2) == 0 ? $"{bits} = measure {quantum.Name};\n" : $"measure {quantum.Name} -> {bits};\n");
            return;
        }
        var classical = _classical[random.Next(_classical.Count)];
        var qubit = $"{quantum.Name}[{random.Next(quantum.Size)}]";
        var bit = $"{classical.Name}[{random.Next(classical.Size)}]";
        _text.Append(_version3 && random.Next(2) == 0 ? $"{bit} = measure {qubit};\n" : $"measure {qubit} -> {bit};\n");
    }

    private void Conditional(int depth)
    {
        var register = _classical[random.Next(_classical.Count)];
        if (!_version3)
        {
            _text.Append($"if({register.Name}=={random.Next(1 << register.Size)}) ");
            GateCall(null, 0);
            return;
        }
        if (random.Next(5) == 0)
        {
            Switch(register, depth);
            return;
        }
        var condition = random.Next(4) switch
        {
            0 => $"{register.Name} == {random.Next(1 << register.Size)}",
            1 => $"{register.Name}[{random.Next(register.Size)}]",
            2 => $"!{register.Name}[{random.Next(register.Size)}]",
            _ => $"{register.Name}[{random.Next(register.Size)}] == {random.Next(2)}",
        };
        _text.Append($"if ({condition}) {{\n");
        Statement(depth + 1);
        _text.Append('}');
        if (random.Next(2) == 0)
        {
            _text.Append(" else {\n");
            Statement(depth + 1);
            _text.Append('}');
        }
        _text.Append('\n');
    }

    private void Switch((string Name, int Size) register, int depth)
    {
        var values = Enumerable.Range(0, 1 << register.Size).OrderBy(_ => random.Next()).Take(random.Next(1, 4)).ToList();
        _text.Append($"switch ({register.Name}) {{\n");
        foreach (var value in values)
        {
            _text.Append($"case {value} {{\n");
            Statement(depth + 1);
            _text.Append("}\n");
        }
        if (random.Next(2) == 0)
        {
            _text.Append("default {\n");
            Statement(depth + 1);
            _text.Append("}\n");
        }
        _text.Append("}\n");
    }

    private void Loop(int depth)
    {
        var variable = $"i{depth}";
        var limit = random.Next(4);
        _text.Append(random.Next(3) switch
        {
            0 => $"for uint {variable} in [0:{limit}] {{\n",
            1 => $"for int {variable} in [{limit}:-1:0] {{\n",
            _ => $"for {variable} in {{{string.Join(", ", Enumerable.Range(0, limit + 1).OrderBy(_ => random.Next()))}}} {{\n",
        });
        for (var s = random.Next(1, 3); s > 0; s--)
        {
            if (random.Next(3) == 0)
            {
                Statement(depth + 1);
            }
            else
            {
                GateCall(variable, limit);
            }
        }
        _text.Append("}\n");
    }

    /// <summary>
    /// A finite real expression: no division by anything but a non-zero literal, no root or log of a negative, and
    /// magnitudes bounded (depth ≤ 3, small literals, powers ≤ 3, exp only of a sine) so nothing overflows.
    /// </summary>
    private string Expression(int depth, IReadOnlyList<string> names)
    {
        if (depth == 0 || random.Next(3) == 0)
        {
            return random.Next(6) switch
            {
                0 => "pi",
                1 when names.Count > 0 => names[random.Next(names.Count)],
                2 => (random.NextDouble() * 4).ToString("0.###", CultureInfo.InvariantCulture),
                3 => $"{random.Next(1, 9)}e-{random.Next(1, 4)}",
                4 => random.Next(5).ToString(CultureInfo.InvariantCulture),
                _ => $"{random.Next(1, 9)}.{random.Next(10)}",
            };
        }
        var power = _version3 ? "**" : "^";
        return random.Next(8) switch
        {
            0 => $"-{Expression(depth - 1, names)}",
            1 => $"({Expression(depth - 1, names)} + {Expression(depth - 1, names)})",
            2 => $"{Expression(depth - 1, names)} - {Expression(depth - 1, names)}",
            3 => $"{Expression(depth - 1, names)} * {Expression(depth - 1, names)}",
            4 => $"{Expression(depth - 1, names)} / {random.Next(1, 9)}",
            5 => $"({Expression(depth - 1, names)}){power}{random.Next(4)}",
            6 => random.Next(3) switch
            {
                0 => $"sin({Expression(depth - 1, names)})",
                1 => $"cos({Expression(depth - 1, names)})",
                // exp of an unbounded argument could overflow; exp(sin(x)) stays in [1/e, e].
                _ => $"exp(sin({Expression(depth - 1, names)}))",
            },
            _ => $"sqrt({random.Next(1, 50)}) + ln({random.Next(1, 50)})",
        };
    }
}
