using Assay.Domain;

namespace Assay.Policy;

/// <summary>A declarative detection rule: what to look for, where, and which failure it indicates.</summary>
/// <param name="Id">Unique id, recorded on every flag the rule raises.</param>
/// <param name="Category">Id of the taxonomy category the rule detects.</param>
/// <param name="Kind">How <see cref="Patterns"/> are matched.</param>
/// <param name="Field">Which text of an interaction the rule reads.</param>
/// <param name="CaseSensitive">Whether matching respects case (default false).</param>
/// <param name="WholeWord">Whether literal and lexicon matches must stand as whole words (default true; ignored for regexes).</param>
/// <param name="Patterns">One pattern for literal and regex rules; the terms of a lexicon.</param>
/// <param name="Severity">Overrides the category's severity when set.</param>
/// <param name="Description">What the rule looks for and why, quoted in every flag's explanation.</param>
/// <param name="Validator">A check-digit test a regex match must also pass to count as evidence.</param>
public sealed record Rule(
    string Id,
    string Category,
    RuleKind Kind,
    RuleField Field,
    bool CaseSensitive,
    bool WholeWord,
    IReadOnlyList<string> Patterns,
    Severity? Severity,
    string Description,
    RuleValidator Validator = RuleValidator.None);
