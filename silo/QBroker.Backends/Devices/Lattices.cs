namespace QBroker.Backends;

/// <summary>Coupling maps of real chip layouts.</summary>
public static class Lattices
{
    /// <summary>
    /// IBM's 65-qubit Hummingbird r2 heavy-hex layout (ibmq_brooklyn, ibmq_manhattan): five rows of 10, 11, 11, 11 and 10
    /// qubits joined by three bridge qubits between each pair of rows, numbered row by row with each row's bridges
    /// after it. 72 edges, degree at most 3 (the figures the qpu note measured from conf_brooklyn.json).
    /// </summary>
    public static CouplingMap HeavyHex65()
    {
        // Qubit numbers of each row and of the bridges below it, with the row columns each bridge joins
        // (upper row column, lower row column), as in IBM's published Hummingbird diagrams.
        int[][] rows = [Range(0, 10), Range(13, 11), Range(27, 11), Range(41, 11), Range(55, 10)];
        int[][] bridges = [[10, 11, 12], [24, 25, 26], [38, 39, 40], [52, 53, 54]];
        (int Upper, int Lower)[][] bridgeColumns =
        [
            [(0, 0), (4, 4), (8, 8)],
            [(2, 2), (6, 6), (10, 10)],
            [(0, 0), (4, 4), (8, 8)],
            [(2, 1), (6, 5), (10, 9)],
        ];
        var edges = new List<(int, int)>();
        foreach (var row in rows)
        {
            for (var i = 0; i + 1 < row.Length; i++)
            {
                edges.Add((row[i], row[i + 1]));
            }
        }
        for (var r = 0; r < bridges.Length; r++)
        {
            for (var b = 0; b < 3; b++)
            {
                var (upper, lower) = bridgeColumns[r][b];
                edges.Add((rows[r][upper], bridges[r][b]));
                edges.Add((bridges[r][b], rows[r + 1][lower]));
            }
        }
        return CouplingMap.FromEdges(65, edges);
    }

    /// <summary>A rows × columns square grid, qubits numbered row-major; Rigetti's Ankaa chips are such a lattice.</summary>
    public static CouplingMap SquareGrid(int rows, int columns)
    {
        var edges = new List<(int, int)>();
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                var q = r * columns + c;
                if (c + 1 < columns)
                {
                    edges.Add((q, q + 1));
                }
                if (r + 1 < rows)
                {
                    edges.Add((q, q + columns));
                }
            }
        }
        return CouplingMap.FromEdges(rows * columns, edges);
    }

    private static int[] Range(int start, int count) => Enumerable.Range(start, count).ToArray();
}
