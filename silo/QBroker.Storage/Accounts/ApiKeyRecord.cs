namespace QBroker.Storage.Accounts;

/// <summary>
/// A stored API key: only the SHA-256 of its secret is kept. <see cref="SubjectId"/> is a researcher id for
/// researchers, the admin's own id for admins, and the operator's name for operators.
/// </summary>
public sealed record ApiKeyRecord(
    string Id,
    string SecretSha256,
    Role Role,
    string SubjectId,
    string? InstitutionId,
    string Label,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt);
