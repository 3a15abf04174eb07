namespace QBroker.Qasm.Lexing;

/// <summary>
/// Interns identifiers: programs repeat a handful of names (gates, registers) many thousands of times, and looking
/// the characters up without allocating keeps parsing a large program from allocating a string per token.
/// </summary>
internal sealed class NameTable
{
    /// <summary>Past this many distinct names (hostile input) new names are no longer remembered, bounding the table.</summary>
    private const int MaxEntries = 4_096;

    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public NameTable() => _lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();

    public string Intern(ReadOnlySpan<char> name)
    {
        if (_lookup.TryGetValue(name, out var existing))
        {
            return existing;
        }
        var text = name.ToString();
        if (_names.Count < MaxEntries)
        {
            _names.Add(text);
        }
        return text;
    }
}
