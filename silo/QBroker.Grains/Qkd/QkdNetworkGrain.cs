using QBroker.Contracts.Qkd;
using QBroker.Storage.GrainState;

namespace QBroker.Grains.Qkd;

/// <summary>Keeps the links operators created or deleted; the write is durable before the change is announced to anyone.</summary>
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
        state.State.DeletedLinkIds.Remove(link.Id);
        await state.WriteStateAsync();
        return true;
    }

    public Task<IReadOnlyList<string>> GetDeletedLinks() => Task.FromResult<IReadOnlyList<string>>([.. state.State.DeletedLinkIds]);

    public async Task RemoveLink(string linkId)
    {
        var wasCreated = state.State.Links.RemoveAll(l => l.Id == linkId) > 0;
        var newlyDeleted = !state.State.DeletedLinkIds.Contains(linkId);
        if (newlyDeleted)
        {
            state.State.DeletedLinkIds.Add(linkId);
        }
        if (wasCreated || newlyDeleted)
        {
            await state.WriteStateAsync();
        }
    }
}
