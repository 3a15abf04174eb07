namespace QBroker.Client.Api;

/// <summary>
/// <c>GET /api/v1/usage</c>: the fair-share tree (program → institution → project → researcher in project) with
/// shares, decayed usage and factors, and the budget, spent and escrowed credits of institutions and projects for the
/// current budget period. Budget figures are shown only for the caller's own institution (all of them to operators).
/// </summary>
public sealed record UsageView
{
    public required DateTimeOffset AsOf { get; init; }
    public required double HalfLifeDays { get; init; }
    public required DateTimeOffset PeriodStart { get; init; }
    public required DateTimeOffset PeriodEnd { get; init; }
    public required IReadOnlyList<UsageNode> Nodes { get; init; }
}

/// <summary>One node of the usage tree.</summary>
public sealed record UsageNode
{
    /// <summary>institution id, project id, or "project/researcher" for a researcher's work in a project.</summary>
    public required string Id { get; init; }

    /// <summary>institution, project or researcher.</summary>
    public required string Kind { get; init; }
    public string? Parent { get; init; }
    public string? Name { get; init; }
    public required double Shares { get; init; }
    public required double NormalizedShare { get; init; }

    /// <summary>Credits charged, decayed with the half-life.</summary>
    public required double DecayedUsage { get; init; }
    public required double NormalizedUsage { get; init; }
    public required double EffectiveUsage { get; init; }

    /// <summary>Fair-share factor F = 2^(-U_E/S) in [0, 1]; 0.5 means usage matches the share.</summary>
    public required double FairShareFactor { get; init; }
    public decimal? Budget { get; init; }
    public decimal? Spent { get; init; }
    public decimal? Escrowed { get; init; }
}

/// <summary>One row of <c>GET /api/v1/usage/export</c> (also as CSV).</summary>
public sealed record UsageExportRow
{
    /// <summary>The institution, project, researcher or device the row adds up.</summary>
    public required string Key { get; init; }
    public required int JobsCharged { get; init; }
    public required decimal Charged { get; init; }
    public required decimal Reserved { get; init; }
    public required decimal Released { get; init; }
}
