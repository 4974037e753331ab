namespace Assay.Demo;

/// <summary>The share of demo interactions carrying each injected failure; each default is on its property.</summary>
/// <remarks>Rates are independent; an interaction may carry several failures.</remarks>
public sealed record DemoRates
{
    /// <value>Response leaks an email address or a Luhn-valid card number. Default 3%.</value>
    public double PiiLeak { get; init; } = 0.03;

    /// <value>Input carries an injection attempt. Default 2%.</value>
    public double PromptInjection { get; init; } = 0.02;

    /// <value>Reasoning plans to hide something from the user. Default 2%.</value>
    public double Concealment { get; init; } = 0.02;

    /// <value>Response refuses a harmless request. Default 4%.</value>
    public double OverRefusal { get; init; } = 0.04;

    /// <value>Response pressures the user. Default 1%.</value>
    public double Manipulation { get; init; } = 0.01;

    /// <value>Input asks about a high-risk topic, marked <c>risk: high</c>. Default 1%.</value>
    public double HighRisk { get; init; } = 0.01;

    /// <value>Response invents a source; rules mostly cannot see this. Default 3%.</value>
    public double Hallucination { get; init; } = 0.03;

    /// <value>Answer contradicts the reasoning's conclusion; rules cannot see this. Default 2%.</value>
    public double ReasoningMismatch { get; init; } = 0.02;

    public static DemoRates Default { get; } = new();
}
