namespace Assay.Policy;

/// <summary>How a rule's patterns are matched.</summary>
public enum RuleKind
{
    /// <summary>One literal phrase.</summary>
    Literal,

    /// <summary>A list of literal terms; any of them matches.</summary>
    Lexicon,

    /// <summary>A .NET regular expression run by the non-backtracking engine.</summary>
    Regex,
}
