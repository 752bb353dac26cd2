namespace Observability.Statistics;

/// <summary>
/// The Holm–Bonferroni step-down adjustment. When several variants are each compared with the control at level α,
/// the chance that at least one of them looks significant by luck grows with their number; Holm's rule keeps that
/// family-wise chance at most α, for any dependence between the comparisons, and rejects everything Bonferroni does
/// and often more. Sort the m p-values ascending; the i-th smallest (i from 1) is multiplied by m − i + 1, a running
/// maximum keeps the order, and values are capped at 1. A variant is significant when its adjusted p-value is at most α.
/// Same answers as statsmodels' <c>multipletests(p, method="holm")</c>. Example: 0.01, 0.04, 0.03 become 0.03, 0.06, 0.06.
/// </summary>
public static class Holm
{
    /// <summary>The name answers use for this rule.</summary>
    public const string RuleName = "holm_bonferroni";

    /// <summary>The adjusted p-values, in the order given. NaN p-values are not part of the family and stay NaN.</summary>
    public static double[] Adjust(ReadOnlySpan<double> pValues)
    {
        var adjusted = new double[pValues.Length];
        var order = new List<int>(pValues.Length);
        for (var i = 0; i < pValues.Length; i++)
        {
            adjusted[i] = double.NaN;
            if (!double.IsNaN(pValues[i]))
            {
                order.Add(i);
            }
        }

        var values = pValues.ToArray();
        // Equal p-values end with the same adjusted value whatever their order (the running maximum), so ties need no rule.
        order.Sort((a, b) => values[a].CompareTo(values[b]));
        var m = order.Count;
        var running = 0.0;
        for (var rank = 0; rank < m; rank++)
        {
            running = Math.Max(running, Math.Min(1, (m - rank) * values[order[rank]]));
            adjusted[order[rank]] = running;
        }

        return adjusted;
    }
}
