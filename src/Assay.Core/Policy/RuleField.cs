namespace Assay.Policy;

/// <summary>Which text of an interaction a rule reads.</summary>
public enum RuleField
{
    /// <summary>Every input message (each message's content separately).</summary>
    Input,

    /// <summary>The final response.</summary>
    Response,

    /// <summary>The reasoning trace, when there is one.</summary>
    Reasoning,

    /// <summary>Input, response and reasoning.</summary>
    Any,
}
