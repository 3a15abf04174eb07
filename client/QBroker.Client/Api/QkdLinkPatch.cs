using System.Text.Json.Serialization;

namespace QBroker.Client.Api;

/// <summary>Body of <c>PATCH /api/v1/qkd/links/{id}</c>: puts an eavesdropper on the link, or removes it (null).</summary>
public sealed record QkdLinkPatch(
    // Written even when null: {"eavesdropper": null} is how the API is told to remove one.
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] QkdEavesdropperView? Eavesdropper);
