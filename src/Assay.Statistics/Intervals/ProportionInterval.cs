using Assay.Statistics.Distributions;

namespace Assay.Statistics.Intervals;

/// <summary>Confidence intervals for a binomial proportion k/n.</summary>
/// <remarks>
/// Successes and trials are doubles so that survey estimators can pass an effective sample size;
/// with zero successes every method still returns a positive upper bound.
/// </remarks>
public static class ProportionInterval
{
    /// <summary>Below this many trials an estimate carries a warning.</summary>
    public const int MinimumTrials = 10;

    /// <summary>The interval for <paramref name="successes"/> out of <paramref name="trials"/> by the chosen method.</summary>
    public static Estimate Compute(double successes, double trials, IntervalMethod method = IntervalMethod.Wilson, double confidence = 0.95)
    {
        Guard(successes, trials, confidence);
        if (trials == 0)
        {
            return Estimate.Empty(0, 1, confidence, Name(method), "no trials: nothing is known about the proportion");
        }

        var (low, high) = method switch
        {
            IntervalMethod.Wilson => Wilson(successes, trials, confidence),
            IntervalMethod.ClopperPearson => ClopperPearson(successes, trials, confidence),
            IntervalMethod.Jeffreys => Jeffreys(successes, trials, confidence),
            IntervalMethod.AgrestiCoull => AgrestiCoull(successes, trials, confidence),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown interval method."),
        };
        var warning = trials < MinimumTrials
            ? $"only {trials:0.#} trials: the interval is too wide to say much"
            : null;
        return new Estimate(successes / trials, low, high, confidence, (int)Math.Round(trials), Name(method), warning);
    }

    /// <summary>Wilson score interval (Wilson 1927).</summary>
    public static (double Low, double High) Wilson(double successes, double trials, double confidence = 0.95)
    {
        var z = NormalDistribution.TwoSidedCritical(confidence);
        var p = successes / trials;
        var z2 = z * z;
        var centre = (p + (z2 / (2 * trials))) / (1 + (z2 / trials));
        var half = z / (1 + (z2 / trials)) * Math.Sqrt((p * (1 - p) / trials) + (z2 / (4 * trials * trials)));

        // At the boundaries the score interval touches 0 or 1 exactly; avoid rounding noise there.
        var low = successes <= 0 ? 0 : Math.Max(0, centre - half);
        var high = successes >= trials ? 1 : Math.Min(1, centre + half);
        return (low, high);
    }

    /// <summary>Clopper–Pearson interval: the beta quantiles that invert the two one-sided binomial tests.</summary>
    public static (double Low, double High) ClopperPearson(double successes, double trials, double confidence = 0.95)
    {
        var alpha = 1 - confidence;
        var low = successes <= 0 ? 0 : BetaFunction.Inverse(alpha / 2, successes, trials - successes + 1);
        var high = successes >= trials ? 1 : BetaFunction.Inverse(1 - (alpha / 2), successes + 1, trials - successes);
        return (low, high);
    }

    /// <summary>Jeffreys interval; by the usual convention the bound is 0 (or 1) when k = 0 (or k = n).</summary>
    public static (double Low, double High) Jeffreys(double successes, double trials, double confidence = 0.95)
    {
        var alpha = 1 - confidence;
        var low = successes <= 0 ? 0 : BetaFunction.Inverse(alpha / 2, successes + 0.5, trials - successes + 0.5);
        var high = successes >= trials ? 1 : BetaFunction.Inverse(1 - (alpha / 2), successes + 0.5, trials - successes + 0.5);
        return (low, high);
    }

    /// <summary>Agresti–Coull interval (Agresti &amp; Coull 1998), clipped to [0, 1].</summary>
    public static (double Low, double High) AgrestiCoull(double successes, double trials, double confidence = 0.95)
    {
        var z = NormalDistribution.TwoSidedCritical(confidence);
        var nTilde = trials + (z * z);
        var pTilde = (successes + (z * z / 2)) / nTilde;
        var half = z * Math.Sqrt(pTilde * (1 - pTilde) / nTilde);
        return (Math.Max(0, pTilde - half), Math.Min(1, pTilde + half));
    }

    /// <summary>The CLI and JSON name of a method.</summary>
    public static string Name(IntervalMethod method) => method switch
    {
        IntervalMethod.Wilson => "wilson",
        IntervalMethod.ClopperPearson => "clopper-pearson",
        IntervalMethod.Jeffreys => "jeffreys",
        IntervalMethod.AgrestiCoull => "agresti-coull",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown interval method."),
    };

    /// <summary>Parses a CLI/JSON method name; returns false when the name is unknown.</summary>
    public static bool TryParse(string name, out IntervalMethod method)
    {
        foreach (var candidate in Enum.GetValues<IntervalMethod>())
        {
            if (string.Equals(Name(candidate), name, StringComparison.OrdinalIgnoreCase))
            {
                method = candidate;
                return true;
            }
        }

        method = default;
        return false;
    }

    internal static void Guard(double successes, double trials, double confidence)
    {
        if (!(trials >= 0) || double.IsInfinity(trials))
        {
            throw new ArgumentOutOfRangeException(nameof(trials), trials, "Trials must be a finite non-negative number.");
        }

        if (!(successes >= 0) || successes > trials)
        {
            throw new ArgumentOutOfRangeException(nameof(successes), successes, "Successes must lie between 0 and the number of trials.");
        }

        if (!(confidence > 0 && confidence < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "Confidence must lie strictly between 0 and 1.");
        }
    }
}
