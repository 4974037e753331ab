using Assay.Domain;
using Assay.Policy;

namespace Assay.Detection;

/// <summary>A policy rule resolved for matching: its category's severity applied and its fields as a set.</summary>
internal sealed class CompiledRule
{
    public CompiledRule(Rule rule, FailureCategory? category)
    {
        Rule = rule;
        Severity = rule.Severity ?? category?.Severity ?? Severity.Medium;
    }

    public Rule Rule { get; }

    public Severity Severity { get; }

    public bool Reads(TextField field) => Rule.Field switch
    {
        RuleField.Any => true,
        RuleField.Input => field == TextField.Input,
        RuleField.Response => field == TextField.Response,
        RuleField.Reasoning => field == TextField.Reasoning,
        _ => false,
    };

    /// <summary>Whether <paramref name="match"/> passes the rule's validator, if it has one.</summary>
    public bool Validates(ReadOnlySpan<char> match) => Rule.Validator switch
    {
        RuleValidator.Luhn => CheckDigits.IsLuhnValid(match),
        RuleValidator.Iban => CheckDigits.IsIbanValid(match),
        RuleValidator.UsSsn => CheckDigits.IsUsSsnValid(match),
        RuleValidator.Phone => CheckDigits.IsPhoneShaped(match),
        _ => true,
    };
}
