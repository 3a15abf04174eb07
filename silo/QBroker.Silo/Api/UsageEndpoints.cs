using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using QBroker.Client.Api;
using QBroker.Contracts.Accounting;
using QBroker.Contracts.Scheduling;
using QBroker.Grains;
using QBroker.Grains.Scheduling;
using QBroker.Silo.Accounts;
using QBroker.Silo.Auth;
using QBroker.Storage.Accounts;
using QBroker.Storage.Ledger;

namespace QBroker.Silo.Api;

/// <summary>/api/v1/usage: the fair-share tree with budgets, and the ledger export for grant reporting.</summary>
public static class UsageEndpoints
{
    public static void MapUsageEndpoints(this IEndpointRouteBuilder routes)
    {
        var usage = routes.MapGroup("/api/v1/usage").RequireAuthorization().WithTags("Usage");
        usage.MapGet("/", GetAsync).Produces<UsageView>();
        usage.MapGet("/export", ExportAsync).Produces<UsageExportRow[]>().Produces(200, contentType: "text/csv").ProducesProblem(400);
    }

    private static async Task<IResult> GetAsync(HttpContext context, IGrainFactory grains, AccountDirectory accounts, TimeProvider time, IOptions<BrokerOptions> options)
    {
        var caller = Caller.From(context.User);
        var lines = (await grains.GetGrain<ISchedulerGrain>(ISchedulerGrain.DefaultKey).GetFairShare()).ToDictionary(l => l.NodeId, StringComparer.Ordinal);
        var snapshot = accounts.Snapshot;
        // Every institution's fair-share row is visible (as in sshare); budgets and the subtree only for one's own.
        var institutions = snapshot.Institutions;
        var budgets = new Dictionary<string, BudgetLine>(StringComparer.Ordinal);
        var period = Grains.Accounting.AccountingOptions.PeriodContaining(time.GetUtcNow());
        foreach (var institution in institutions.Where(i => caller.Role == Role.Operator || caller.InstitutionId == i.Id))
        {
            var status = await grains.GetGrain<IBudgetGrain>(institution.Id).GetStatus();
            budgets[institution.Id] = status.Institution;
            foreach (var project in status.Projects)
            {
                budgets[project.NodeId] = project;
            }
            period = (status.PeriodStart, status.PeriodEnd);
        }

        var nodes = new List<UsageNode>();
        foreach (var institution in institutions)
        {
            nodes.Add(Node(institution.Id, "institution", null, institution.Name, lines.GetValueOrDefault(FairShareLeaves.Institution(institution.Id)), budgets.GetValueOrDefault(institution.Id)));
            if (caller.Role != Role.Operator && caller.InstitutionId != institution.Id)
            {
                continue;
            }
            foreach (var project in snapshot.Projects.Where(p => p.InstitutionId == institution.Id))
            {
                nodes.Add(Node(project.Id, "project", institution.Id, project.Name, lines.GetValueOrDefault(FairShareLeaves.Project(project.Id)), budgets.GetValueOrDefault(project.Id)));
                foreach (var researcher in snapshot.Researchers.Where(r => r.ProjectIds.Contains(project.Id)))
                {
                    if (caller.Role == Role.Researcher && researcher.Id != caller.SubjectId)
                    {
                        continue;
                    }
                    nodes.Add(Node($"{project.Id}/{researcher.Id}", "researcher", project.Id, researcher.Name,
                        lines.GetValueOrDefault(FairShareLeaves.Leaf(project.Id, researcher.Id)), null));
                }
            }
        }
        return Results.Ok(new UsageView
        {
            AsOf = time.GetUtcNow(),
            HalfLifeDays = options.Value.FairShare.HalfLife.TotalDays,
            PeriodStart = period.Start,
            PeriodEnd = period.End,
            Nodes = nodes,
        });
    }

    private static UsageNode Node(string id, string kind, string? parent, string name, FairShareLine? line, BudgetLine? budget) => new()
    {
        Id = id,
        Kind = kind,
        Parent = parent,
        Name = name,
        Shares = line?.RawShares ?? 0,
        NormalizedShare = line?.NormalizedShare ?? 0,
        DecayedUsage = line?.DecayedUsage ?? 0,
        NormalizedUsage = line?.NormalizedUsage ?? 0,
        EffectiveUsage = line?.EffectiveUsage ?? 0,
        FairShareFactor = line?.Factor ?? 0,
        Budget = budget?.Budget,
        Spent = budget?.Spent,
        Escrowed = budget?.Escrowed,
    };

    /// <summary>
    /// Ledger totals per institution, project, researcher or device over [from, to), as JSON or CSV: what grant
    /// reports need. Scope follows the caller: researchers their own entries, admins their institution's.
    /// </summary>
    private static async Task<IResult> ExportAsync(HttpContext context, ILedgerStore ledger, TimeProvider time)
    {
        var caller = Caller.From(context.User);
        var query = context.Request.Query;
        var groupBy = query["groupBy"].ToString() is { Length: > 0 } g ? g : "project";
        Func<LedgerEntry, string>? key = groupBy switch
        {
            "institution" => e => e.InstitutionId,
            "project" => e => e.ProjectId,
            "researcher" => e => e.ResearcherId,
            "device" => e => e.DeviceId,
            _ => null,
        };
        if (key is null)
        {
            return ApiError.Invalid("groupBy", "groupBy must be institution, project, researcher or device.").ToResult(context);
        }
        var format = query["format"].ToString() is { Length: > 0 } f ? f : "json";
        if (format is not ("json" or "csv"))
        {
            return ApiError.Invalid("format", "format must be json or csv.").ToResult(context);
        }
        var period = Grains.Accounting.AccountingOptions.PeriodContaining(time.GetUtcNow());
        DateTimeOffset from = period.Start, to = period.End;
        foreach (var (name, assign) in new (string, Action<DateTimeOffset>)[] { ("from", v => from = v), ("to", v => to = v) })
        {
            if (query[name].ToString() is { Length: > 0 } text)
            {
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
                {
                    return ApiError.Invalid(name, $"{name} must be an ISO 8601 time, e.g. 2026-01-01T00:00:00Z.").ToResult(context);
                }
                assign(value);
            }
        }
        var entries = await ledger.QueryAsync(new LedgerQuery
        {
            From = from,
            To = to,
            InstitutionId = caller.Role == Role.Operator ? null : caller.InstitutionId,
            ResearcherId = caller.Role == Role.Researcher ? caller.SubjectId : null,
        });
        var rows = entries.GroupBy(key, StringComparer.Ordinal).OrderBy(group => group.Key, StringComparer.Ordinal).Select(group => new UsageExportRow
        {
            Key = group.Key,
            JobsCharged = group.Count(e => e.Kind == LedgerKind.Charge),
            Charged = group.Where(e => e.Kind == LedgerKind.Charge).Sum(e => e.Amount),
            Reserved = group.Where(e => e.Kind == LedgerKind.Escrow).Sum(e => e.Amount),
            Released = group.Where(e => e.Kind == LedgerKind.Release).Sum(e => e.Amount),
        }).ToList();
        if (format == "json")
        {
            return Results.Ok(rows);
        }
        var csv = new StringBuilder($"{groupBy},jobs_charged,charged,reserved,released\n");
        foreach (var row in rows)
        {
            csv.Append(CsvField(row.Key)).Append(',')
                .Append(row.JobsCharged.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(row.Charged.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(row.Reserved.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(row.Released.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        return Results.Text(csv.ToString(), "text/csv", Encoding.UTF8);
    }

    private static string CsvField(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}
