namespace QBroker.Grains.Telemetry;

/// <summary>One institution's credits as the telemetry gauges last saw them; <see cref="Budget"/> is null when unlimited.</summary>
public sealed record InstitutionCredits(string InstitutionId, decimal? Budget, decimal Spent, decimal Escrowed);
