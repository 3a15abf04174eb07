using System.Security.Claims;
using QBroker.Contracts.Jobs;
using QBroker.Storage.Accounts;

namespace QBroker.Silo.Auth;

/// <summary>
/// Who is calling, as established by the API key: role, subject and institution. Every authorisation decision
/// reads this, never the request body.
/// </summary>
public sealed record Caller(Role Role, string SubjectId, string? InstitutionId, string KeyId)
{
    public const string RoleClaim = "qbroker:role";
    public const string SubjectClaim = "qbroker:sub";
    public const string InstitutionClaim = "qbroker:institution";
    public const string KeyClaim = "qbroker:key";

    public ClaimsPrincipal ToPrincipal(string scheme)
    {
        var claims = new List<Claim>
        {
            new(RoleClaim, Role.ToString()),
            new(SubjectClaim, SubjectId),
            new(KeyClaim, KeyId),
            new(ClaimTypes.Name, SubjectId),
        };
        if (InstitutionId is not null)
        {
            claims.Add(new Claim(InstitutionClaim, InstitutionId));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    public static Caller From(ClaimsPrincipal principal) => new(
        Enum.Parse<Role>(principal.FindFirstValue(RoleClaim) ?? throw new InvalidOperationException("The request is not authenticated.")),
        principal.FindFirstValue(SubjectClaim)!,
        principal.FindFirstValue(InstitutionClaim),
        principal.FindFirstValue(KeyClaim)!);

    /// <summary>Researchers see their own jobs, admins their institution's, operators every job.</summary>
    public bool CanSee(JobSpec job) => Role switch
    {
        Role.Operator => true,
        Role.Admin => job.InstitutionId == InstitutionId,
        _ => job.OwnerId == SubjectId,
    };
}
