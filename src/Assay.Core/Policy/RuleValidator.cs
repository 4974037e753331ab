namespace Assay.Policy;

/// <summary>A check a match must pass to count as evidence, for identifiers that carry check digits.</summary>
public enum RuleValidator
{
    /// <summary>Every match counts.</summary>
    None,

    /// <summary>The match's digits pass the Luhn (mod 10) check, as payment card numbers do.</summary>
    Luhn,

    /// <summary>The match is an IBAN whose ISO 13616 mod-97 check gives 1.</summary>
    Iban,

    /// <summary>The match is a US Social Security number with a possible area, group and serial.</summary>
    UsSsn,

    /// <summary>The match has 10 to 15 digits and only phone punctuation (no check digit exists; this bounds the shape).</summary>
    Phone,
}
