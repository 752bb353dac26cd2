namespace Observability.Analytics.Runs;

/// <summary>Sums cost lines into a <see cref="CostBucket"/>.</summary>
internal sealed class CostAccumulator
{
    private long _calls;
    private long _input;
    private long _output;
    private double _reported;
    private double _estimated;
    private long _unpricedInput;
    private long _unpricedOutput;

    /// <summary>Adds usage; <paramref name="cost"/> NaN means unpriced.</summary>
    public void Add(int calls, long input, long output, double cost, bool reported)
    {
        _calls += calls;
        _input += input;
        _output += output;
        if (double.IsNaN(cost))
        {
            _unpricedInput += input;
            _unpricedOutput += output;
        }
        else if (reported)
        {
            _reported += cost;
        }
        else
        {
            _estimated += cost;
        }
    }

    public CostBucket ToBucket() =>
        new(_calls, _input, _output, _reported + _estimated, _reported, _estimated, _unpricedInput, _unpricedOutput);
}
