using Assay.Domain;
using Assay.Judging;

namespace Assay.Core.Tests.Judging;

public sealed class JudgePromptTests
{
    private static readonly Interaction s_interaction = new(
        "i-1", null, "atlas", "1",
        [new Message(MessageRole.System, "Be brief."), new Message(MessageRole.User, "Who wrote {{response}}?")],
        "Shakespeare wrote it.", "The user asks about a play.", ["Marlowe.", "Shakespeare."], InteractionMetadata.Empty, null, null);

    [Fact]
    public void Render_fills_every_placeholder_once_and_never_expands_placeholders_inside_the_interaction()
    {
        var text = JudgePrompt.Render("Q:\n{{input}}\nA: {{ response }}\nR: {{reasoning}}\nS:\n{{samples}}", s_interaction);

        Assert.Equal(
            "Q:\n[system]\nBe brief.\n\n[user]\nWho wrote {{response}}?\nA: Shakespeare wrote it.\nR: The user asks about a play.\nS:\n[sample 1]\nMarlowe.\n\n[sample 2]\nShakespeare.",
            text);
    }

    [Fact]
    public void Render_says_when_there_is_no_reasoning_or_samples()
    {
        var bare = s_interaction with { Reasoning = null, Samples = [] };

        Assert.Equal("(no reasoning was recorded) / (no samples)", JudgePrompt.Render("{{reasoning}} / {{samples}}", bare));
    }

    [Fact]
    public void Unknown_placeholders_are_listed_once_each_in_order()
    {
        Assert.Equal(["answer", "context"], JudgePrompt.UnknownPlaceholders("{{answer}} {{input}} {{context}} {{answer}}"));
        Assert.Empty(JudgePrompt.UnknownPlaceholders("{{input}} {{response}} { not one } {{ reasoning }}"));
    }

    [Theory]
    [InlineData("Is this true? {{response}}", true)]
    [InlineData("{{reasoning}}", true)]
    [InlineData("{{samples}}", true)]
    [InlineData("Only the question: {{input}}", false)]
    [InlineData("No placeholders at all", false)]
    public void A_prompt_must_show_the_judge_something_of_the_answer(string template, bool shows) =>
        Assert.Equal(shows, JudgePrompt.ShowsTheAnswer(template));
}
