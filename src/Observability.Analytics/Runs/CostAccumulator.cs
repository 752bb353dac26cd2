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

    /// <summary>Calls summed so far: the weight that decides which keys a capped breakdown keeps.</summary>
    public long Calls => _calls;

    /// <summary>A new accumulator holding both sums (neither is changed).</summary>
    public static CostAccumulator Merge(CostAccumulator a, CostAccumulator b) => new()
    {
        _calls = a._calls + b._calls,
        _input = a._input + b._input,
        _output = a._output + b._output,
        _reported = a._reported + b._reported,
        _estimated = a._estimated + b._estimated,
        _unpricedInput = a._unpricedInput + b._unpricedInput,
        _unpricedOutput = a._unpricedOutput + b._unpricedOutput,
    };

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

    public void WriteTo(BinaryWriter writer)
    {
        writer.Write(_calls);
        writer.Write(_input);
        writer.Write(_output);
        writer.Write(_reported);
        writer.Write(_estimated);
        writer.Write(_unpricedInput);
        writer.Write(_unpricedOutput);
    }

    public static CostAccumulator ReadFrom(BinaryReader reader) => new()
    {
        _calls = reader.ReadInt64(),
        _input = reader.ReadInt64(),
        _output = reader.ReadInt64(),
        _reported = reader.ReadDouble(),
        _estimated = reader.ReadDouble(),
        _unpricedInput = reader.ReadInt64(),
        _unpricedOutput = reader.ReadInt64(),
    };

    public CostBucket ToBucket() =>
        new(_calls, _input, _output, _reported + _estimated, _reported, _estimated, _unpricedInput, _unpricedOutput);
}
