using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Assay.Server.Tests;

/// <summary>A lone surrogate escape or a duplicate property name in one item of a bulk request rejects that item only.</summary>
public sealed class UnreadableJsonIngestTests(AssayTestServer server) : IClassFixture<AssayTestServer>
{
    public static TheoryData<string, bool> Defects => new()
    {
        { "surrogate", false },
        { "surrogate", true },
        { "duplicate", false },
        { "duplicate", true },
    };

    [Theory]
    [MemberData(nameof(Defects))]
    public async Task Post_bulk_with_one_unreadable_item_accepts_the_others_and_names_the_string(string defect, bool ndjson)
    {
        JsonObject[] items = [Some.Interaction(), Some.Interaction(user: "MARK"), Some.Interaction()];
        var raw = defect == "surrogate" ? "\\ud800" : "hi\",\"content\":\"ho";
        var body = ndjson ? Some.Ndjson(items) : new JsonArray(items).ToJsonString();
        var pointer = (ndjson ? "" : "/1") + "/input/1/content";

        using var response = await server.PostAsync(body.Replace("MARK", raw, StringComparison.Ordinal), ndjson ? "application/x-ndjson" : "application/json");

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, text);
        var result = JsonSerializer.Deserialize<JsonElement>(text);
        Assert.Equal(2, result.GetProperty("accepted").GetInt32());
        Assert.Equal(1, result.GetProperty("rejected").GetInt32());
        var rejected = result.GetProperty("results")[1];
        Assert.Equal("rejected", rejected.GetProperty("status").GetString());
        Assert.Equal((string)items[1]["id"]!, rejected.GetProperty("id").GetString());
        var error = Assert.Single(rejected.GetProperty("errors").EnumerateArray());
        Assert.Equal(pointer, error.GetProperty("pointer").GetString());
        Assert.Contains(defect == "surrogate" ? "unpaired UTF-16 surrogate escape (\\ud800)" : "duplicate property 'content'", error.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertStoredAsync((string)items[0]["id"]!, HttpStatusCode.OK);
        await AssertStoredAsync((string)items[1]["id"]!, HttpStatusCode.NotFound);
        await AssertStoredAsync((string)items[2]["id"]!, HttpStatusCode.OK);
    }

    private async Task AssertStoredAsync(string id, HttpStatusCode expected)
    {
        using var response = await server.Http.GetAsync(new Uri($"v1/interactions/{Uri.EscapeDataString(id)}", UriKind.Relative));
        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.OK)
            Assert.Equal(id, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("interaction").GetProperty("id").GetString());
    }
}
