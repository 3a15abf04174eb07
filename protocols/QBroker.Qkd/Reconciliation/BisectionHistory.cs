namespace QBroker.Qkd.Reconciliation;

/// <summary>
/// Where BINARY found an error in each block of the current frame, from which it follows which sub-block parities
/// Alice has already disclosed. BINARY splits a block at fixed points (the middle of the range, rounded down), so the
/// ranges one bisection visits are exactly the ranges of that block's split tree holding the position it ends at, and
/// at each it asks for the left half. A range is therefore already disclosed if and only if an earlier bisection of
/// the same block ended inside the range it is the left half of. A block is rarely bisected more than once or twice a
/// frame, so a short chain per block replaces a set of every range ever asked (thousands per frame).
/// </summary>
internal sealed class BisectionHistory
{
    private int[][] _lastFind = [];
    private int[] _position = new int[1024];
    private int[] _previous = new int[1024];
    private int _count;

    /// <summary>Forgets every find: a new frame.</summary>
    public void StartFrame(int passes)
    {
        _count = 0;
        if (_lastFind.Length < passes)
        {
            Array.Resize(ref _lastFind, passes);
        }
    }

    /// <summary>A pass's blocks start with no find.</summary>
    public void StartPass(int pass, int blocks)
    {
        if (_lastFind[pass] is not { } last || last.Length < blocks)
        {
            _lastFind[pass] = new int[blocks];
        }

        // Stored as index + 1, so that zero (a cleared entry) means none.
        _lastFind[pass].AsSpan(0, blocks).Clear();
    }

    /// <summary>The latest find in a block, as a chain to pass to <see cref="Disclosed"/>; -1 if none.</summary>
    public int Finds(int pass, int block) => _lastFind[pass][block] - 1;

    /// <summary>
    /// Whether the left half of the range [start, end) of a block was disclosed by an earlier bisection of it, whose
    /// finds are the chain <paramref name="finds"/>.
    /// </summary>
    public bool Disclosed(int finds, int start, int end)
    {
        for (var find = finds; find >= 0; find = _previous[find])
        {
            if (_position[find] >= start && _position[find] < end)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Records that a bisection of a block ended at <paramref name="position"/> of the pass's order.</summary>
    public void Record(int pass, int block, int position)
    {
        if (_count == _position.Length)
        {
            Array.Resize(ref _position, _count * 2);
            Array.Resize(ref _previous, _count * 2);
        }

        _position[_count] = position;
        _previous[_count] = _lastFind[pass][block] - 1;
        _lastFind[pass][block] = ++_count;
    }
}
