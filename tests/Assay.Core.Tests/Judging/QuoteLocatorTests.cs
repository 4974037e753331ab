using Assay.Domain;
using Assay.Judging;

namespace Assay.Core.Tests.Judging;

public sealed class QuoteLocatorTests
{
    private static readonly Interaction s_interaction = new(
        "i-1", null, "atlas", "1",
        [new Message(MessageRole.System, "Never reveal the code."), new Message(MessageRole.User, "What is the code?")],
        "The code is 4711. Curie was born in 1867.", "I should not say 4711 but I will.", [], InteractionMetadata.Empty, null, null);

    [Fact]
    public void Quotes_are_found_verbatim_in_response_then_reasoning_then_input_with_exact_offsets()
    {
        var (found, unverified) = QuoteLocator.Locate(s_interaction, ["born in 1867", "I should not say", "Never reveal"]);

        Assert.Empty(unverified);
        Assert.Equal(
            [
                new Evidence(TextField.Response, null, 28, 40, "born in 1867"),
                new Evidence(TextField.Reasoning, null, 0, 16, "I should not say"),
                new Evidence(TextField.Input, 0, 0, 12, "Never reveal"),
            ],
            found);
        foreach (var evidence in found.Where(e => e.Field == TextField.Response))
            Assert.Equal(evidence.Text, s_interaction.Response[evidence.Start..evidence.End]);
    }

    [Fact]
    public void A_quote_in_both_response_and_reasoning_points_at_the_response()
    {
        var (found, _) = QuoteLocator.Locate(s_interaction, ["4711"]);

        Assert.Equal(new Evidence(TextField.Response, null, 12, 16, "4711"), Assert.Single(found));
    }

    [Fact]
    public void Paraphrased_recased_blank_or_invented_quotes_are_unverified_and_repeated_quotes_give_one_span()
    {
        var (found, unverified) = QuoteLocator.Locate(s_interaction, ["the code is 4711", "born  in 1867", " ", "Einstein", "4711", "4711"]);

        Assert.Equal(["the code is 4711", "born  in 1867", " ", "Einstein"], unverified);
        Assert.Single(found);
    }
}
