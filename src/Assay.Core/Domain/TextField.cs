namespace Assay.Domain;

/// <summary>The part of an interaction a piece of evidence points into.</summary>
public enum TextField
{
    Input,
    Response,
    Reasoning,
}
