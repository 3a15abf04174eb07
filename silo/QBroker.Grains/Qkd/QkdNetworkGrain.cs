using QBroker.Contracts.Qkd;
using QBroker.Storage.GrainState;

namespace QBroker.Grains.Qkd;

/// <summary>Keeps the links operators created; the write is durable before the link is announced to anyone.</summary>
public sealed class QkdNetworkGrain(
    [PersistentState(stateName: "qkd-network", storageName: SqlGrainStorage.StorageName)] IPersistentState<QkdNetworkState> state) : Grain, IQkdNetworkGrain
{
    public Task<IReadOnlyList<LinkDefinition>> GetCreatedLinks() => Task.FromResult<IReadOnlyList<LinkDefinition>>([.. state.State.Links]);

    public async Task<bool> AddLink(LinkDefinition link)
    {
        if (state.State.Links.Any(l => l.Id == link.Id))
        {
            return false;
        }
        state.State.Links.Add(link);
        await state.WriteStateAsync();
        return true;
    }
}
