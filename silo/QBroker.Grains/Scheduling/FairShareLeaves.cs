namespace QBroker.Grains.Scheduling;

/// <summary>Node ids of the broker's fair-share tree: program → institution → project → (project, researcher).</summary>
public static class FairShareLeaves
{
    public const string Root = "program";

    public static string Institution(string institutionId) => $"i:{institutionId}";

    public static string Project(string projectId) => $"p:{projectId}";

    public static string Leaf(string projectId, string researcherId) => $"r:{projectId}/{researcherId}";
}
