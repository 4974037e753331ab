namespace Assay.Validation;

/// <summary>One drift feature of a text: a number (tested with Kolmogorov–Smirnov) or a category (tested with chi-square).</summary>
internal sealed record TextFeature(string Name, Func<string, double>? Number, Func<string, string>? Category)
{
    public bool IsCategorical => Category is not null;

    public static TextFeature Numeric(string name, Func<string, double> number) => new(name, number, null);

    public static TextFeature Categorical(string name, Func<string, string> category) => new(name, null, category);
}
