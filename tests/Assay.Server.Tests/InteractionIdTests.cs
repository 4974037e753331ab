using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Assay.Server.Tests;

/// <summary>Every accepted id can be read back at <c>GET /v1/interactions/{id}</c> with the id percent-encoded as one segment.</summary>
public sealed class InteractionIdTests(AssayTestServer server) : IClassFixture<AssayTestServer>
{
    /// <summary>Id templates; <c>{g}</c> becomes a fresh GUID so that runs never collide.</summary>
    public static TheoryData<string> ReadableIds => new()
    {
        "{g}/b", "{g}%2Fb", "{g}%252Fb", "{g}?b=1", "{g}#b", "100%{g}", "{g}%", "{g} b", " {g}", "{g}..b", "../{g}", "{g}/..", "./{g}", "{g}/.",
        "...{g}", "{g}+b", "é{g}", "日本{g}", "😀{g}", "{g}\\b", "{g};b&c=d", "{g}%zz", "{g}%C3%28",
    };

    [Theory]
    [MemberData(nameof(ReadableIds))]
    public async Task Post_then_get_with_the_id_percent_encoded_returns_that_interaction(string template)
    {
        var id = template.Replace("{g}", Guid.NewGuid().ToString("N"), StringComparison.Ordinal);

        using var posted = await server.PostAsync(Some.Interaction(id).ToJsonString());
        using var read = await server.Http.GetAsync(new Uri("v1/interactions/" + Uri.EscapeDataString(id), UriKind.Relative));

        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        var text = await read.Content.ReadAsStringAsync();
        Assert.True(read.StatusCode == HttpStatusCode.OK, $"{(int)read.StatusCode}: {text}");
        Assert.Equal(id, JsonSerializer.Deserialize<JsonElement>(text).GetProperty("interaction").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Get_ids_that_differ_only_by_an_encoded_slash_returns_each_its_own()
    {
        var g = Guid.NewGuid().ToString("N");
        string[] ids = [$"{g}/x", $"{g}%2Fx"];
        foreach (var id in ids)
            Assert.Equal(HttpStatusCode.Accepted, (await server.PostAsync(Some.Interaction(id, response: "answer for " + id).ToJsonString())).StatusCode);

        foreach (var id in ids)
        {
            var view = await server.GetJsonAsync("v1/interactions/" + Uri.EscapeDataString(id));
            Assert.Equal("answer for " + id, view.GetProperty("interaction").GetProperty("response").GetString());
        }
    }

    public static TheoryData<string> UnreadableIds => new() { ".", "..", "a\u0000b", "a\u001fb", "a\u007fb", "a\u0085b", "a\u009fb", "\u001b[31m" };

    [Theory]
    [MemberData(nameof(UnreadableIds))]
    public async Task Post_id_that_cannot_be_read_back_is_400_naming_id(string id)
    {
        var before = await server.Store.CountAsync(CancellationToken.None);

        using var response = await server.PostAsync(Some.Interaction(id).ToJsonString());

        await ProblemAssert.IsProblemAsync(response, 400, pointer: "/id");
        Assert.Equal(before.Interactions, (await server.Store.CountAsync(CancellationToken.None)).Interactions);
    }

    [Theory]
    [InlineData("%FF")]
    [InlineData("a%C3%28")]
    [InlineData("a%ED%A0%80")]
    public async Task Get_id_that_is_not_utf8_once_decoded_is_400_naming_id(string encoded)
    {
        using var response = await server.Http.GetAsync(new Uri("v1/interactions/" + encoded, UriKind.Relative));

        var problem = await ProblemAssert.IsProblemAsync(response, 400, parameter: "id");
        Assert.Contains("UTF-8", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
