using System.Text.Json.Nodes;

namespace Assay.Incidents;

/// <summary>A post-mortem's actions as one JSON array, the form both storage engines keep them in.</summary>
public static class IncidentActionsJson
{
    public static string Write(IReadOnlyList<IncidentAction> actions) =>
        new JsonArray([.. actions.Select(a => (JsonNode)new JsonObject { ["text"] = a.Text, ["owner"] = a.Owner, ["done"] = a.Done })]).ToJsonString();

    public static IReadOnlyList<IncidentAction> Read(string json) =>
        [.. (JsonNode.Parse(json)?.AsArray() ?? []).Select(n => new IncidentAction(
            (string)n!["text"]!, (string?)n["owner"], (bool)n["done"]!))];
}
