using System.Buffers;

namespace Observability.Statistics;

/// <summary>The median by selection (Hoare's quickselect) on a pooled copy, in linear expected time.</summary>
internal static class Selection
{
    /// <summary>The middle value, or the mean of the two middle values for an even count; NaN when empty.</summary>
    public static double Median(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            return double.NaN;
        }

        var buffer = ArrayPool<double>.Shared.Rent(values.Length);
        try
        {
            var copy = buffer.AsSpan(0, values.Length);
            values.CopyTo(copy);
            var upper = copy.Length / 2;
            var high = Select(copy, upper);
            if (copy.Length % 2 == 1)
            {
                return high;
            }

            // After selecting rank `upper`, everything left of it is no larger: the lower middle is their maximum.
            var low = double.NegativeInfinity;
            foreach (var value in copy[..upper])
            {
                low = Math.Max(low, value);
            }

            return (low + high) / 2;
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }

    /// <summary>Rearranges <paramref name="values"/> so that rank <paramref name="rank"/> (0-based) is in place, and returns it.</summary>
    internal static double Select(Span<double> values, int rank)
    {
        var left = 0;
        var right = values.Length - 1;
        // A bad pivot sequence (crafted input) degrades quickselect to quadratic time; past this many rounds sort instead.
        var rounds = 2 * (64 - long.LeadingZeroCount(values.Length));
        while (left < right)
        {
            if (rounds-- == 0)
            {
                values[left..(right + 1)].Sort();
                return values[rank];
            }

            var pivot = MedianOfThree(values[left], values[left + ((right - left) / 2)], values[right]);
            var i = left;
            var j = right;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }

                while (values[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            if (rank <= j)
            {
                right = j;
            }
            else if (rank >= i)
            {
                left = i;
            }
            else
            {
                return values[rank];
            }
        }

        return values[rank];
    }

    private static double MedianOfThree(double a, double b, double c) =>
        Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));
}
