using Assay.Domain;
using Assay.Monitoring;

namespace Assay.Core.Tests.Monitoring;

public sealed class InteractionFeaturesTests
{
    private static Interaction Make(string user, string response, string? reasoning = null, IReadOnlyList<string>? samples = null, double? latency = 120) =>
        new("i1", Traffic.Start, "atlas", "v2", [new(MessageRole.System, "Be brief."), new(MessageRole.User, user)], response, reasoning,
            samples ?? [], InteractionMetadata.Empty, null, latency);

    private static Flag Flag(string category) => new($"r.{category}", category, Severity.Low, "p", [], "e");

    [Fact]
    public void From_lengths_and_tokens_count_only_user_input()
    {
        var features = InteractionFeatures.From(Make("Hello, world!", "Hi.", "Greeting."), []);

        Assert.Equal(13, features.InputChars);
        Assert.Equal(4, features.InputTokens); // o200k_base: "Hello" "," " world" "!"
        Assert.Equal(3, features.ResponseChars);
        Assert.Equal(9, features.ReasoningChars);
        Assert.True(features.ReasoningTokens >= 2);
        Assert.Equal("atlas@v2", features.ModelVersion);
        Assert.Equal(120, features.LatencyMs);
    }

    [Fact]
    public void From_over_refusal_flag_marks_refusal_and_categories_are_sorted_and_distinct()
    {
        var features = InteractionFeatures.From(Make("Why is the sky blue?", "I can't help."), [Flag("pii-leak"), Flag("over-refusal"), Flag("pii-leak")]);

        Assert.True(features.Refusal);
        Assert.Equal(["over-refusal", "pii-leak"], features.FlagCategories);
        Assert.False(InteractionFeatures.From(Make("Hi", "Hi"), [Flag("pii-leak")]).Refusal);
    }

    [Theory]
    [InlineData("How do I reverse a list in Python?", "Latin", "programming")]
    [InlineData("Как приготовить курицу?", "Cyrillic", "other")]
    [InlineData("Πώς είσαι σήμερα;", "Greek", "other")]
    [InlineData("天空为什么是蓝色的？", "Han", "other")]
    [InlineData("لماذا السماء زرقاء؟", "Arabic", "other")]
    [InlineData("123 !!! 456", "None", "other")]
    [InlineData("Should I pay off my credit card or invest?", "Latin", "finance")]
    [InlineData("Why is the sky blue?", "Latin", "science")]
    public void From_script_and_topic_describe_the_user_input(string user, string script, string topic)
    {
        var features = InteractionFeatures.From(Make(user, "ok"), []);

        Assert.Equal(script, features.Script);
        Assert.Equal(topic, features.Topic);
    }

    [Fact]
    public void From_self_agreement_only_when_samples_exist()
    {
        Assert.Null(InteractionFeatures.From(Make("When did the Berlin Wall fall?", "In 1989."), []).SelfAgreement);

        var agreeing = InteractionFeatures.From(Make("When did the Berlin Wall fall?", "In 1989.", samples: ["In 1989.", "In 1989."]), []);
        var disagreeing = InteractionFeatures.From(Make("When did the Berlin Wall fall?", "In 1989.", samples: ["In 1961.", "In 1945."]), []);

        Assert.Equal(1, agreeing.SelfAgreement);
        Assert.True(disagreeing.SelfAgreement < 0.5);
    }

    [Fact]
    public void All_features_are_typed_and_inputs_come_first()
    {
        Assert.All(MonitorFeature.All, f => Assert.True(f.Kind == FeatureKind.Numeric ? f.Numeric is not null : f.Category is not null));
        Assert.Equal(["input_chars", "input_tokens", "script", "topic"], MonitorFeature.Inputs.Select(f => f.Name));
        Assert.Contains(MonitorFeature.Outputs, f => f.Name == "refusal" && f.Kind == FeatureKind.Categorical);
    }
}
