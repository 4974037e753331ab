using Assay.Statistics.Agreement;

namespace Assay.Statistics.Tests.Agreement;

/// <summary>Expands a two-rater contingency table into a rating matrix (categories 1..K).</summary>
internal static class TwoRaterTables
{
    public static RatingMatrix Expand(int[,] table)
    {
        var values = new List<double>();
        for (var i = 0; i < table.GetLength(0); i++)
        {
            for (var j = 0; j < table.GetLength(1); j++)
            {
                for (var c = 0; c < table[i, j]; c++)
                {
                    values.Add(i + 1);
                    values.Add(j + 1);
                }
            }
        }

        return RatingMatrix.FromValues(values.Count / 2, 2, values.ToArray());
    }
}
