using Orleans.Runtime;
using Orleans.Storage;

namespace QBroker.Grains.Tests;

/// <summary>
/// Grain storage that fails the next write of one state name when told to: before writing (nothing reaches the
/// store), or after writing (the state is stored, but the grain sees an error, as when the connection drops after
/// the commit). Every other call goes straight to the real storage.
/// </summary>
public sealed class FaultInjectingGrainStorage(IGrainStorage inner) : IGrainStorage
{
    private readonly Lock _gate = new();
    private (string StateName, bool AfterWriting)? _nextFault;

    public void FailNextWrite(string stateName, bool afterWriting)
    {
        lock (_gate)
        {
            _nextFault = (stateName, afterWriting);
        }
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var fault = TakeFault(stateName);
        if (fault is { AfterWriting: false })
        {
            throw new IOException($"Injected failure before writing '{stateName}'.");
        }
        await inner.WriteStateAsync(stateName, grainId, grainState);
        if (fault is { AfterWriting: true })
        {
            throw new IOException($"Injected failure after writing '{stateName}'.");
        }
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);

    private (string StateName, bool AfterWriting)? TakeFault(string stateName)
    {
        lock (_gate)
        {
            if (_nextFault is not { } fault || fault.StateName != stateName)
            {
                return null;
            }
            _nextFault = null;
            return fault;
        }
    }
}
