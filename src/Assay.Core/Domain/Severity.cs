namespace Assay.Domain;

/// <summary>How bad a failure is; an ordinal scale, lowest first.</summary>
public enum Severity
{
    Low,
    Medium,
    High,
    Critical,
}
