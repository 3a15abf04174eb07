namespace QBroker.Storage.Accounts;

/// <summary><see cref="IAccountStore"/> over <see cref="SqlDatabase"/>.</summary>
public sealed class SqlAccountStore(SqlDatabase database, TimeProvider time) : IAccountStore
{
    public async Task<bool> HasInstitutionsAsync()
    {
        await using var connection = await database.OpenAsync().ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM institutions";
        return Convert.ToInt64(await command.ExecuteScalarAsync().ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    public Task UpsertInstitutionAsync(Institution institution) =>
        database.Writes.ExecuteAsync((connection, transaction) => SqlUpsert.ExecuteAsync(connection, transaction, "institutions",
            ("id", institution.Id),
            [("name", institution.Name), ("country", institution.Country), ("shares", institution.Shares)],
            [("created_at", SqlValues.ToMillis(time.GetUtcNow()))]));

    public Task UpsertProjectAsync(Project project) =>
        database.Writes.ExecuteAsync((connection, transaction) => SqlUpsert.ExecuteAsync(connection, transaction, "projects",
            ("id", project.Id),
            [("institution_id", project.InstitutionId), ("name", project.Name), ("shares", project.Shares)],
            [("created_at", SqlValues.ToMillis(time.GetUtcNow()))]));

    public Task UpsertResearcherAsync(Researcher researcher) =>
        database.Writes.ExecuteAsync(async (connection, transaction) =>
        {
            await SqlUpsert.ExecuteAsync(connection, transaction, "researchers",
                ("id", researcher.Id),
                [("institution_id", researcher.InstitutionId), ("name", researcher.Name), ("email", researcher.Email), ("shares", researcher.Shares)],
                [("created_at", SqlValues.ToMillis(time.GetUtcNow()))]).ConfigureAwait(false);
            // Memberships are replaced as a whole: the researcher's projects are exactly the ones given now.
            await using (var clear = connection.CreateCommand(transaction, "DELETE FROM project_members WHERE researcher_id = @id"))
            {
                clear.Add("@id", researcher.Id);
                await clear.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
            foreach (var projectId in researcher.ProjectIds.Distinct(StringComparer.Ordinal))
            {
                await using var member = connection.CreateCommand(transaction, "INSERT INTO project_members (project_id, researcher_id) VALUES (@project, @id)");
                member.Add("@project", projectId);
                member.Add("@id", researcher.Id);
                await member.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
            return 0;
        });

    public Task InsertApiKeyAsync(ApiKeyRecord key) =>
        database.Writes.ExecuteAsync(async (connection, transaction) =>
        {
            await using var command = connection.CreateCommand(transaction,
                "INSERT INTO api_keys (id, secret_sha256, role, subject_id, institution_id, label, created_at, revoked_at) " +
                "VALUES (@id, @hash, @role, @subject, @institution, @label, @created, NULL)");
            command.Add("@id", key.Id);
            command.Add("@hash", key.SecretSha256);
            command.Add("@role", key.Role.ToString());
            command.Add("@subject", key.SubjectId);
            command.Add("@institution", key.InstitutionId);
            command.Add("@label", key.Label);
            command.Add("@created", SqlValues.ToMillis(key.CreatedAt));
            return await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        });

    public async Task<ApiKeyRecord?> FindApiKeyAsync(string id)
    {
        await using var connection = await database.OpenAsync().ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, secret_sha256, role, subject_id, institution_id, label, created_at, revoked_at FROM api_keys WHERE id = @id";
        command.Add("@id", id);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        if (!await reader.ReadAsync().ConfigureAwait(false))
        {
            return null;
        }
        return new ApiKeyRecord(
            reader.GetString(0),
            reader.GetString(1),
            Enum.Parse<Role>(reader.GetString(2)),
            reader.GetString(3),
            reader.GetNullableString(4),
            reader.GetString(5),
            SqlValues.FromMillis(reader.GetInt64(6)),
            reader.GetNullableInt64(7) is { } revoked ? SqlValues.FromMillis(revoked) : null);
    }

    public Task<bool> RevokeApiKeyAsync(string id, DateTimeOffset at) =>
        database.Writes.ExecuteAsync(async (connection, transaction) =>
        {
            await using var command = connection.CreateCommand(transaction, "UPDATE api_keys SET revoked_at = @at WHERE id = @id AND revoked_at IS NULL");
            command.Add("@id", id);
            command.Add("@at", SqlValues.ToMillis(at));
            return await command.ExecuteNonQueryAsync().ConfigureAwait(false) > 0;
        });

    public async Task<AccountSnapshot> LoadAsync()
    {
        await using var connection = await database.OpenAsync().ConfigureAwait(false);
        var institutions = new List<Institution>();
        var projects = new List<Project>();
        var memberships = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var researchers = new List<Researcher>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT id, name, country, shares FROM institutions ORDER BY id";
            await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                institutions.Add(new Institution(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3)));
            }
        }
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT id, institution_id, name, shares FROM projects ORDER BY id";
            await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                projects.Add(new Project(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3)));
            }
        }
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT researcher_id, project_id FROM project_members ORDER BY researcher_id, project_id";
            await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                var researcherId = reader.GetString(0);
                if (!memberships.TryGetValue(researcherId, out var list))
                {
                    memberships[researcherId] = list = [];
                }
                list.Add(reader.GetString(1));
            }
        }
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT id, institution_id, name, email, shares FROM researchers ORDER BY id";
            await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                var id = reader.GetString(0);
                researchers.Add(new Researcher(id, reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4),
                    memberships.TryGetValue(id, out var projectIds) ? projectIds : []));
            }
        }
        return new AccountSnapshot(institutions, projects, researchers);
    }

    public Task SetBudgetAsync(string nodeId, string nodeKind, decimal? amount) =>
        database.Writes.ExecuteAsync(async (connection, transaction) =>
        {
            if (amount is { } value)
            {
                return await SqlUpsert.ExecuteAsync(connection, transaction, "budgets",
                    ("node_id", nodeId), [("node_kind", nodeKind), ("amount_micros", SqlValues.ToMicros(value))]).ConfigureAwait(false);
            }
            await using var delete = connection.CreateCommand(transaction, "DELETE FROM budgets WHERE node_id = @id");
            delete.Add("@id", nodeId);
            return await delete.ExecuteNonQueryAsync().ConfigureAwait(false);
        });

    public async Task<IReadOnlyDictionary<string, decimal>> LoadBudgetsAsync()
    {
        await using var connection = await database.OpenAsync().ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT node_id, amount_micros FROM budgets";
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        var budgets = new Dictionary<string, decimal>(StringComparer.Ordinal);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            budgets[reader.GetString(0)] = SqlValues.FromMicros(reader.GetInt64(1));
        }
        return budgets;
    }
}
