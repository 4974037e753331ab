namespace Assay.Statistics.ChangeDetection;

/// <summary>Settings of the two-sided Page–Hinkley test (Page 1954; Hinkley 1971).</summary>
/// <param name="Delta">Magnitude of change tolerated without alarm, in the units of the data; <value>default 0.005</value>.</param>
/// <param name="Lambda">Alarm threshold on the cumulative deviation; <value>default 50</value> in the units of the data × observations.</param>
/// <param name="MinimumObservations">Observations before any alarm, so the running mean settles; <value>default 30</value>.</param>
public sealed record PageHinkleyOptions(double Delta = 0.005, double Lambda = 50, int MinimumObservations = 30)
{
    internal void Validate()
    {
        if (!(Delta >= 0) || !(Lambda > 0) || MinimumObservations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Lambda), "Delta must be non-negative, Lambda positive and MinimumObservations at least 1.");
        }
    }
}
