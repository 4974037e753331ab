namespace Assay.Monitoring;

/// <summary>A named feature of <see cref="InteractionFeatures"/>, typed so that drift comparison picks the right test.</summary>
/// <remarks>A numeric feature reads <see cref="Numeric"/>, a categorical one <see cref="Category"/>; null means "not observed".</remarks>
public sealed record MonitorFeature(string Name, FeatureKind Kind, bool IsInput, Func<InteractionFeatures, double?>? Numeric, Func<InteractionFeatures, string?>? Category)
{
    /// <summary>Characters in the user input.</summary>
    public static MonitorFeature InputChars { get; } = Number("input_chars", true, f => f.InputChars);

    /// <summary>Tokens in the user input.</summary>
    public static MonitorFeature InputTokens { get; } = Number("input_tokens", true, f => f.InputTokens);

    /// <summary>Dominant script of the user input.</summary>
    public static MonitorFeature Script { get; } = Categorical("script", true, f => f.Script);

    /// <summary>Topic of the user input.</summary>
    public static MonitorFeature Topic { get; } = Categorical("topic", true, f => f.Topic);

    /// <summary>Every feature, inputs first.</summary>
    public static IReadOnlyList<MonitorFeature> All { get; } =
    [
        InputChars,
        InputTokens,
        Script,
        Topic,
        Number("response_chars", false, f => f.ResponseChars),
        Number("response_tokens", false, f => f.ResponseTokens),
        Number("reasoning_chars", false, f => f.ReasoningChars),
        Number("reasoning_tokens", false, f => f.ReasoningTokens),
        Categorical("refusal", false, f => f.Refusal ? "yes" : "no"),
        // The set of categories as one value: rare combinations are pooled by the chi-square test.
        Categorical("flag_categories", false, f => f.FlagCategories.Count == 0 ? "none" : string.Join('+', f.FlagCategories)),
        Number("self_agreement", false, f => f.SelfAgreement),
        Number("latency_ms", false, f => f.LatencyMs),
    ];

    /// <summary>The features describing what was asked.</summary>
    public static IReadOnlyList<MonitorFeature> Inputs { get; } = [.. All.Where(f => f.IsInput)];

    /// <summary>The features describing what was answered.</summary>
    public static IReadOnlyList<MonitorFeature> Outputs { get; } = [.. All.Where(f => !f.IsInput)];

    private static MonitorFeature Number(string name, bool input, Func<InteractionFeatures, double?> read) => new(name, FeatureKind.Numeric, input, read, null);

    private static MonitorFeature Categorical(string name, bool input, Func<InteractionFeatures, string?> read) => new(name, FeatureKind.Categorical, input, null, read);
}
