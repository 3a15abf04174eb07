using QBroker.Contracts.Qkd;

namespace QBroker.Grains.Qkd;

/// <summary>
/// Key shared by the two ends of a link for one direction, first in first out, up to a capacity. Drawn bytes leave
/// the pool for good. The bytes live only here (and in the persisted state) until drawn.
/// </summary>
public sealed class DirectionalKeyPool
{
    private byte[] _buffer;
    private int _count;

    public DirectionalKeyPool(int capacityBytes, byte[]? stored = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacityBytes, 1);
        Capacity = capacityBytes;
        stored ??= [];
        _buffer = new byte[Math.Max(capacityBytes, stored.Length)];
        stored.CopyTo(_buffer, 0);
        _count = stored.Length;
    }

    public int Capacity { get; }

    public int Count => _count;

    public bool IsFull => _count >= Capacity;

    /// <summary>Appends what fits; returns how many bytes were kept (the rest is discarded, never stored).</summary>
    public int Append(ReadOnlySpan<byte> key)
    {
        var kept = Math.Min(key.Length, Math.Max(0, Capacity - _count));
        key[..kept].CopyTo(_buffer.AsSpan(_count));
        _count += kept;
        return kept;
    }

    /// <summary>The oldest <paramref name="bytes"/> bytes, removed from the pool; null when the pool holds fewer.</summary>
    public byte[]? TryDraw(int bytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes, 1);
        if (bytes > _count)
        {
            return null;
        }
        var drawn = _buffer.AsSpan(0, bytes).ToArray();
        _buffer.AsSpan(bytes, _count - bytes).CopyTo(_buffer);
        // Wipe the tail so drawn key does not linger in memory.
        _buffer.AsSpan(_count - bytes, bytes).Clear();
        _count -= bytes;
        return drawn;
    }

    /// <summary>Wipes and drops every stored byte (the link was deleted: its key must not outlive it).</summary>
    public void Clear()
    {
        _buffer.AsSpan().Clear();
        _count = 0;
    }

    /// <summary>A copy of the stored key, for persisting.</summary>
    public byte[] Snapshot() => _buffer.AsSpan(0, _count).ToArray();

    public KeyPoolState State(double lowFraction, double readyFraction)
    {
        if (_count == 0)
        {
            return KeyPoolState.Empty;
        }
        var level = (double)_count / Capacity;
        return level >= readyFraction ? KeyPoolState.Ready : level >= lowFraction ? KeyPoolState.Charging : KeyPoolState.Low;
    }
}
