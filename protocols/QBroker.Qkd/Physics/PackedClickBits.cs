using System.Buffers;
using QBroker.Qkd.Bits;

namespace QBroker.Qkd.Physics;

/// <summary>
/// Both parties' bits and bases of every click, 64 clicks a word (click i at bit i % 64 of word i / 64, bits past
/// the last click zero). Words let the physical layer draw 64 clicks' coins at once and let sifting compare bases
/// and extract kept bits a word at a time.
/// </summary>
internal sealed class PackedClickBits
{
    private readonly bool _pooled;

    public PackedClickBits(int capacity, bool pooled)
    {
        _pooled = pooled;
        var words = BitPacking.WordCount(capacity);
        AliceBits = Allocate(words, pooled);
        AliceBases = Allocate(words, pooled);
        BobBits = Allocate(words, pooled);
        BobBases = Allocate(words, pooled);
    }

    // Pooled arrays may be longer than needed; only the first WordCount(Count) words mean anything.
    public ulong[] AliceBits { get; }

    public ulong[] AliceBases { get; }

    public ulong[] BobBits { get; }

    public ulong[] BobBases { get; }

    public void ReturnArrays()
    {
        if (!_pooled)
        {
            return;
        }

        foreach (var array in (ulong[][])[AliceBits, AliceBases, BobBits, BobBases])
        {
            ArrayPool<ulong>.Shared.Return(array);
        }
    }

    private static ulong[] Allocate(int words, bool pooled) =>
        pooled ? ArrayPool<ulong>.Shared.Rent(words) : GC.AllocateUninitializedArray<ulong>(words);
}
