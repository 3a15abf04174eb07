using System.Diagnostics;

namespace QBroker.Qasm.Tests.Fuzzing;

public sealed class FuzzTests
{
    /// <summary>
    /// Limits well below the defaults so a mutant that expands (a loop bound turned into 1e9, a register into
    /// 2e9 qubits) is refused after a bounded amount of work, which keeps the per-program memory bound tight.
    /// </summary>
    private static readonly QasmParseOptions Options = new()
    {
        Inputs = ProgramGenerator.Inputs,
        MaxOperations = 20_000,
        MaxQubits = 4_096,
        MaxClassicalBits = 4_096,
        MaxGateDefinitionDepth = 16,
    };

    /// <summary>
    /// Per-program allocation bound. A program here is at most a few kilobytes (tokens: ~40 bytes per character
    /// at worst) and may expand to at most 20,000 operations or loop iterations; an operation with its qubit and
    /// parameter arrays and list slot is under 200 bytes, and evaluating a generated expression allocates little,
    /// so a legitimate parse stays around 10 MB even with generous transient garbage. 64 MB leaves headroom but
    /// still fails on any unbounded growth: reaching the default limit of 5 million operations would allocate
    /// gigabytes.
    /// </summary>
    private const long MaxBytesPerProgram = 64L * 1024 * 1024;

    /// <summary>A generous per-program watchdog: programs take microseconds, so this only ever trips on a hang.</summary>
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(10);

    [Fact]
    public void Generated_programs_parse_in_both_versions()
    {
        var random = new Random(20261125);
        var generator = new ProgramGenerator(random);
        for (var i = 0; i < 2_000; i++)
        {
            var program = generator.Generate(version3: i % 2 == 1);
            if (!QasmParser.TryParse(program, out var circuit, out var error, Options))
            {
                Assert.Fail($"generated program {i} was refused: {error}\n{program}");
            }
            Assert.True(circuit!.QubitCount > 0);
        }
    }

    [Fact]
    public async Task Mutated_programs_fail_only_with_positioned_errors_and_never_hang_or_grow_unbounded()
    {
        // 25,000 generated programs and 4 mutants of each: 125,000 programs, 100,000 of them mutated.
        const int BaseCount = 25_000;
        const int MutantsPerProgram = 4;
        var progress = new FuzzProgress();
        var worker = Task.Factory.StartNew(() => Run(BaseCount, MutantsPerProgram, progress), TaskCreationOptions.LongRunning);
        while (await Task.WhenAny(worker, Task.Delay(200)) != worker)
        {
            var started = Interlocked.Read(ref progress.CurrentStartedAt);
            if (Stopwatch.GetElapsedTime(started) > HangLimit)
            {
                Assert.Fail($"program {Volatile.Read(ref progress.Count)} did not finish within {HangLimit}:\n{progress.Current}");
            }
        }
        var statistics = await worker;

        Assert.Equal(BaseCount * (MutantsPerProgram + 1), statistics.Programs);
        // The mutator must actually break programs and reach many distinct errors, or the test proves little.
        Assert.True(statistics.Refused > BaseCount * MutantsPerProgram / 2, $"only {statistics.Refused} programs were refused");
        Assert.True(statistics.DistinctMessages > 100, $"only {statistics.DistinctMessages} distinct error messages");
    }

    private static FuzzStatistics Run(int baseCount, int mutantsPerProgram, FuzzProgress progress)
    {
        var random = new Random(1707_03429);
        var generator = new ProgramGenerator(random);
        var refused = 0;
        var messages = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < baseCount; i++)
        {
            var original = generator.Generate(version3: random.Next(2) == 0);
            for (var m = 0; m <= mutantsPerProgram; m++)
            {
                var program = m == 0 ? original : ProgramMutator.Mutate(original, random);
                progress.Current = program;
                Interlocked.Exchange(ref progress.CurrentStartedAt, Stopwatch.GetTimestamp());
                var before = GC.GetAllocatedBytesForCurrentThread();
                var error = ParseExpectingOnlyQasmErrors(program);
                var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                if (allocated > MaxBytesPerProgram)
                {
                    throw new InvalidOperationException($"parsing allocated {allocated} bytes:\n{program}");
                }
                if (error is not null)
                {
                    if (m == 0)
                    {
                        throw new InvalidOperationException($"a generated program was refused: {error}\n{program}");
                    }
                    refused++;
                    messages.Add(MessageShape(error.Message));
                    CheckPositionIsInside(program, error);
                }
                Interlocked.Increment(ref progress.Count);
            }
        }
        return new FuzzStatistics(progress.Count, refused, messages.Count);
    }

    private static QasmError? ParseExpectingOnlyQasmErrors(string program)
    {
        try
        {
            QasmParser.Parse(program, Options);
            return null;
        }
        catch (QasmException exception)
        {
            return exception.Error;
        }
        catch (Exception exception)
        {
            throw new InvalidOperationException($"parser threw {exception.GetType().Name} instead of QasmException:\n{program}", exception);
        }
    }

    /// <summary>Lines are separated by '\n'; a column may point one past the last character (an error at end of line or input).</summary>
    private static void CheckPositionIsInside(string program, QasmError error)
    {
        var lines = program.Split('\n');
        if (error.Line < 1 || error.Line > lines.Length || error.Column < 1 || error.Column > lines[error.Line - 1].Length + 1)
        {
            throw new InvalidOperationException($"error position outside the source: {error}\n{program}");
        }
    }

    /// <summary>The message with quoted names and numbers removed, so "distinct messages" counts kinds of error.</summary>
    private static string MessageShape(string message) =>
        new([.. message.Where(c => !char.IsDigit(c)).TakeWhile(c => c != '\'')]);

    private sealed class FuzzProgress
    {
        public long CurrentStartedAt = Stopwatch.GetTimestamp();

        public volatile string Current = string.Empty;

        public int Count;
    }

    private sealed record FuzzStatistics(int Programs, int Refused, int DistinctMessages);
}
