namespace QBroker.Storage.Accounts;

/// <summary>A member institution of the program: the first level below the root of the fair-share tree.</summary>
public sealed record Institution(string Id, string Name, string Country, int Shares);

/// <summary>A project of an institution; jobs are charged to a project.</summary>
public sealed record Project(string Id, string InstitutionId, string Name, int Shares);

/// <summary>A researcher of an institution and the projects they may charge.</summary>
public sealed record Researcher(string Id, string InstitutionId, string Name, string Email, int Shares, IReadOnlyList<string> ProjectIds);

/// <summary>Everything in the account tree at one moment.</summary>
public sealed record AccountSnapshot(
    IReadOnlyList<Institution> Institutions,
    IReadOnlyList<Project> Projects,
    IReadOnlyList<Researcher> Researchers);
