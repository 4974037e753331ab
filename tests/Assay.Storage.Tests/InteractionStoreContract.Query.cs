using Assay.Domain;
using Assay.Ingest;
using Assay.Routing;

namespace Assay.Storage.Tests;

/// <summary>The interaction list: every filter, text search, paging and project scope.</summary>
public abstract partial class InteractionStoreContract
{
    [Fact]
    public async Task QueryInteractionsAsync_returns_newest_first_with_tier_and_current_flags()
    {
        var old = await StoreAsync(Some.Interaction(at: Some.Noon.AddHours(-2)));
        var flagged = await StoreAsync(Some.Interaction(at: Some.Noon.AddHours(-1)));
        var pending = await StoreAsync(Some.Interaction(at: Some.Noon));
        await Store.CompleteAsync([Some.Result(old.Sequence) with { Routing = Routing(Tier.Audit) }], CancellationToken.None);
        // Reprocessed under a second policy: only the second policy's flag is current.
        await Store.CompleteAsync([Some.Result(flagged.Sequence, Some.Flag("pii.email", policy: "policy-a"))], CancellationToken.None);
        await Store.CompleteAsync([Some.Result(flagged.Sequence, Some.Flag("pii.phone", policy: "policy-b")) with { Routing = Routing(Tier.Flagged) }], CancellationToken.None);

        var page = await Store.QueryInteractionsAsync(new InteractionQuery(), CancellationToken.None);

        Assert.Equal([pending.Id, flagged.Id, old.Id], page.Items.Select(i => i.Stored.Interaction.Id));
        Assert.Equal([null, Tier.Flagged, Tier.Audit], page.Items.Select(i => i.Tier));
        Assert.Equal(["pii.phone"], page.Items[1].Flags.Select(f => f.Rule));
        Assert.Empty(page.Items[0].Flags);
        Assert.Equal(Some.Noon.AddHours(-1), page.Items[1].Stored.Interaction.Timestamp);
        Assert.Null(page.Next);
    }

    [Fact]
    public async Task QueryInteractionsAsync_filters_by_time_project_model_version_and_session()
    {
        var early = await StoreProcessedAsync(Some.Interaction(at: Some.Noon.AddHours(-3)));
        var other = await StoreProcessedAsync(Some.Interaction(at: Some.Noon.AddHours(-1), project: "legal-bot") with { Model = "beacon", ModelVersion = "2026-12-01" });
        var session = Some.Interaction(at: Some.Noon);
        var inSession = await StoreProcessedAsync(session with { Metadata = session.Metadata with { SessionId = "s-42" }, ModelVersion = null });

        Assert.Equal([other.Id, inSession.Id], (await IdsAsync(new InteractionQuery(From: Some.Noon.AddHours(-2)))).Order());
        Assert.Equal([early.Id], await IdsAsync(new InteractionQuery(To: Some.Noon.AddHours(-1))));
        Assert.Equal([other.Id], await IdsAsync(new InteractionQuery(Project: "legal-bot")));
        Assert.Equal([other.Id], await IdsAsync(new InteractionQuery(Model: "beacon")));
        Assert.Equal([other.Id], await IdsAsync(new InteractionQuery(ModelVersion: "2026-12-01")));
        Assert.Equal([early.Id], await IdsAsync(new InteractionQuery(ModelVersion: "2026-10-01", Model: "atlas")));
        Assert.Equal([inSession.Id], await IdsAsync(new InteractionQuery(Session: "s-42")));
        Assert.Empty(await IdsAsync(new InteractionQuery(Session: "s-43")));
    }

    [Fact]
    public async Task QueryInteractionsAsync_filters_by_tier_flagged_category_and_rule_of_the_current_policy()
    {
        var clean = await StoreAsync(Some.Interaction(at: Some.Noon.AddMinutes(-3)));
        var email = await StoreAsync(Some.Interaction(at: Some.Noon.AddMinutes(-2)));
        var both = await StoreAsync(Some.Interaction(at: Some.Noon.AddMinutes(-1)));
        var stale = await StoreAsync(Some.Interaction(at: Some.Noon));
        await Store.CompleteAsync(
        [
            Some.Result(clean.Sequence) with { Routing = Routing(Tier.None) },
            Some.Result(email.Sequence, Some.Flag("pii.email")) with { Routing = Routing(Tier.Flagged) },
            Some.Result(both.Sequence, Some.Flag("pii.email"), Some.Flag("toxicity.insult", "toxicity", Severity.Critical)) with { Routing = Routing(Tier.Critical) },
            Some.Result(stale.Sequence, Some.Flag("pii.email")),
        ], CancellationToken.None);
        // Reprocessed clean: its old flag is no longer current.
        await Store.CompleteAsync([new ProcessingResult(stale.Sequence, "policy-b", [], [])], CancellationToken.None);

        Assert.Equal([email.Id], await IdsAsync(new InteractionQuery(Tier: Tier.Flagged)));
        Assert.Equal([both.Id], await IdsAsync(new InteractionQuery(Tier: Tier.Critical)));
        Assert.Equal([both.Id, email.Id], await IdsAsync(new InteractionQuery(Flagged: true)));
        Assert.Equal([stale.Id, clean.Id], await IdsAsync(new InteractionQuery(Flagged: false)));
        Assert.Equal([both.Id, email.Id], await IdsAsync(new InteractionQuery(Category: "pii-leak")));
        Assert.Equal([both.Id], await IdsAsync(new InteractionQuery(Rule: "toxicity.insult")));
        Assert.Equal([both.Id], await IdsAsync(new InteractionQuery(Category: "toxicity", Rule: "toxicity.insult")));
        // Category and rule are of one flag: no flag is both pii-leak and toxicity.insult.
        Assert.Empty(await IdsAsync(new InteractionQuery(Category: "pii-leak", Rule: "toxicity.insult")));
    }

    [Fact]
    public async Task QueryInteractionsAsync_text_search_finds_every_word_in_input_response_or_reasoning()
    {
        var input = Some.Interaction(at: Some.Noon.AddMinutes(-3));
        var inInput = await StoreProcessedAsync(input with { Input = [new Message(MessageRole.User, "Where is the Zanzibar office?")] });
        var inResponse = await StoreProcessedAsync(Some.Interaction(at: Some.Noon.AddMinutes(-2), response: "Ship it to Zanzibar tomorrow."));
        var inReasoning = await StoreProcessedAsync(Some.Interaction(at: Some.Noon.AddMinutes(-1)) with { Reasoning = "Think about zanzibar and TOMORROW." });
        await StoreProcessedAsync(Some.Interaction(at: Some.Noon));

        Assert.Equal([inReasoning.Id, inResponse.Id, inInput.Id], await IdsAsync(new InteractionQuery(Text: "zanzibar")));
        Assert.Equal([inReasoning.Id, inResponse.Id], await IdsAsync(new InteractionQuery(Text: "Zanzibar tomorrow")));
        Assert.Equal([inResponse.Id], await IdsAsync(new InteractionQuery(Text: "ship", To: Some.Noon)));
        Assert.Empty(await IdsAsync(new InteractionQuery(Text: "zanzibar nowhere")));
    }

    [Theory]
    [InlineData("a\" OR b*")]
    [InlineData("\"unclosed")]
    [InlineData("NEAR(a b) AND -c ^d {e}:f")]
    [InlineData("*** \"\" ()")]
    [InlineData("x' OR '1'='1 ; DROP TABLE interactions; --")]
    [InlineData("!(a | b) & c:* <-> d")]
    public async Task QueryInteractionsAsync_search_text_is_never_query_syntax(string text)
    {
        var stored = await StoreProcessedAsync(Some.Interaction(response: "plain words only"));

        var page = await Store.QueryInteractionsAsync(new InteractionQuery(Text: text), CancellationToken.None);

        Assert.Empty(page.Items);
        Assert.NotNull(await Store.GetAsync(stored.Id, CancellationToken.None));
    }

    [Fact]
    public async Task QueryInteractionsAsync_search_matches_quoted_and_operator_words_as_plain_words()
    {
        var stored = await StoreProcessedAsync(Some.Interaction(response: "Say a or b, then near and not."));

        Assert.Equal([stored.Id], await IdsAsync(new InteractionQuery(Text: "\"a\" OR b* NEAR NOT")));
    }

    [Fact]
    public async Task QueryInteractionsAsync_pages_newest_first_without_gaps_or_repeats_when_times_tie()
    {
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
            ids.Add((await StoreAsync(Some.Interaction(at: Some.Noon.AddMinutes(i % 3)))).Id);
        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await Store.QueryInteractionsAsync(new InteractionQuery(After: cursor, Limit: 2), CancellationToken.None);
            seen.AddRange(page.Items.Select(i => i.Stored.Interaction.Id));
            Assert.True(page.Items.Count == 2 || page.Next is null);
            cursor = page.Next;
            // One arriving mid-way, newer than every page read so far, is not repeated into later pages.
            if (pages == 0)
                await StoreAsync(Some.Interaction(at: Some.Noon.AddHours(1)));
        }
        while (cursor is not null && ++pages < 10);

        Assert.Equal(7, seen.Count);
        Assert.Equal(ids.Order(), seen.Order());
        var all = await Store.QueryInteractionsAsync(new InteractionQuery(To: Some.Noon.AddHours(1)), CancellationToken.None);
        Assert.Equal(all.Items.Select(i => i.Stored.Interaction.Id), seen);
    }

    [Fact]
    public async Task QueryInteractionsAsync_scope_hides_other_projects_whatever_the_project_filter()
    {
        var mine = await StoreProcessedAsync(Some.Interaction(project: "support-bot"));
        await StoreProcessedAsync(Some.Interaction(project: "legal-bot"));

        Assert.Equal([mine.Id], await IdsAsync(new InteractionQuery(Scope: "support-bot")));
        Assert.Empty(await IdsAsync(new InteractionQuery(Scope: "support-bot", Project: "legal-bot")));
        Assert.Equal([mine.Id], await IdsAsync(new InteractionQuery(Scope: "support-bot", Text: "Paris")));
    }

    [Fact]
    public async Task QueryInteractionsAsync_cursor_not_issued_by_the_store_is_refused()
    {
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => Store.QueryInteractionsAsync(new InteractionQuery(After: "not-a-cursor"), CancellationToken.None));

        Assert.Equal("cursor", refused.ParamName);
    }

    [Fact]
    public async Task QueryInteractionsAsync_indexes_text_with_nul_characters_and_long_fields()
    {
        var nul = await StoreProcessedAsync(Some.Interaction(response: "before\0after marker"));
        var longText = string.Concat(Enumerable.Repeat("lorem ipsum dolor ", 20_000)) + "needle";
        var big = await StoreProcessedAsync(Some.Interaction(response: "short") with { Reasoning = longText });

        Assert.Equal([nul.Id], await IdsAsync(new InteractionQuery(Text: "marker")));
        Assert.Contains(big.Id, await IdsAsync(new InteractionQuery(Text: "lorem")));
    }

    [Fact]
    public async Task QueryInteractionsAsync_after_rebuilding_the_index_from_stored_bodies_finds_the_same()
    {
        var first = Some.Interaction(at: Some.Noon.AddMinutes(-2), response: "a NUL\0here and an escaped \\u0000 too, quote \" and marker");
        var nul = await StoreProcessedAsync(first with { ModelVersion = "v9", Metadata = first.Metadata with { SessionId = "s-9" } });
        var plain = await StoreProcessedAsync(Some.Interaction(at: Some.Noon.AddMinutes(-1)) with { Input = [new Message(MessageRole.User, "one"), new Message(MessageRole.User, "two marker")] });
        InteractionQuery[] queries = [new(Text: "marker"), new(Text: "here u0000"), new(Text: "one two"), new(ModelVersion: "v9"), new(Session: "s-9")];
        var before = new List<List<string>>();
        foreach (var query in queries)
            before.Add(await IdsAsync(query));

        await ReindexAsync();

        for (var i = 0; i < queries.Length; i++)
            Assert.Equal(before[i], await IdsAsync(queries[i]));
        Assert.Equal([plain.Id, nul.Id], before[0]);
        Assert.Equal([nul.Id], before[1]);
        Assert.Equal([nul.Id], before[4]);
    }

    /// <summary>Empties the search index and rebuilds it from the stored interactions, as the migration's backfill and a copy do.</summary>
    protected abstract Task ReindexAsync();

    private static RoutingDecision Routing(Tier tier) => new(tier, 1, false, 0, "test");

    private async Task<List<string>> IdsAsync(InteractionQuery query) =>
        [.. (await Store.QueryInteractionsAsync(query, CancellationToken.None)).Items.Select(i => i.Stored.Interaction.Id)];

    /// <summary>Appends and processes: text, model version and session are searchable once processed (on PostgreSQL the
    /// search row is written with the processed mark; on SQLite it is there from the append).</summary>
    private async Task<(string Id, long Sequence)> StoreProcessedAsync(Interaction interaction)
    {
        var stored = await StoreAsync(interaction);
        await Store.CompleteAsync([new ProcessingResult(stored.Sequence, "policy-a", [], [])], CancellationToken.None);
        return stored;
    }

    private async Task<(string Id, long Sequence)> StoreAsync(Interaction interaction)
    {
        Assert.Equal([AppendStatus.Accepted], await Store.AppendAsync([InteractionParser.Canonicalise(interaction)], CancellationToken.None));
        return (interaction.Id, (await Store.GetAsync(interaction.Id, CancellationToken.None))!.Stored.Sequence);
    }
}
