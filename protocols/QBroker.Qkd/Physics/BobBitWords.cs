using System.Buffers;

namespace QBroker.Qkd.Physics;

/// <summary>
/// What decides Bob's bit at each click, 64 clicks a word, as the click loop learns it from the clicks' categories:
/// whether the click can carry Alice's bit, whether misalignment flipped it, and where an intercept-resend attack set
/// it outright. Working arrays of one simulation, borrowed from the shared pool and zeroed.
/// </summary>
internal sealed class BobBitWords
{
    public BobBitWords(int words)
    {
        CarriesAliceBit = Rent(words);
        Flipped = Rent(words);
        SetByEve = Rent(words);
        EveSet = Rent(words);
    }

    public ulong[] CarriesAliceBit { get; }

    public ulong[] Flipped { get; }

    /// <summary>Clicks whose bit Eve's resent photon decided.</summary>
    public ulong[] SetByEve { get; }

    /// <summary>The bits she decided, at the clicks of <see cref="SetByEve"/>.</summary>
    public ulong[] EveSet { get; }

    public void ReturnArrays()
    {
        foreach (var array in (ulong[][])[CarriesAliceBit, Flipped, SetByEve, EveSet])
        {
            ArrayPool<ulong>.Shared.Return(array);
        }
    }

    private static ulong[] Rent(int words)
    {
        var array = ArrayPool<ulong>.Shared.Rent(words);
        Array.Clear(array, 0, words);
        return array;
    }
}
