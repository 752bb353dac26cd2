using System.CommandLine;
using System.Text;

namespace Observability.Cli.Commands;

/// <summary>
/// Events on their way to <c>POST /api/v1/events</c>, sent as one NDJSON request every <c>--batch-size</c>; the answers
/// are summed into an <see cref="ImportReport"/>, each rejection with the number (a line, an event) it was added with.
/// </summary>
internal sealed class ImportBatch(SidecarClient client, ParseResult parse, ImportReport report, int size, string unit)
{
    private readonly List<int> _numbers = new(size);
    private readonly StringBuilder _body = new();

    /// <summary>Adds one event; sends the batch once it is full. False when the sidecar refused it (reported on stderr).</summary>
    public async Task<bool> AddAsync(string json, int number, CancellationToken cancellationToken)
    {
        _numbers.Add(number);
        _body.Append(json).Append('\n');
        return _numbers.Count < size || await FlushAsync(cancellationToken);
    }

    /// <summary>Sends what is waiting.</summary>
    public async Task<bool> FlushAsync(CancellationToken cancellationToken)
    {
        if (_numbers.Count == 0)
        {
            return true;
        }

        var answer = await client.PostAsync("api/v1/events", Encoding.UTF8.GetBytes(_body.ToString()), "application/x-ndjson", cancellationToken);
        if (answer.Json is not { } result || !result.TryGetProperty("items", out var items))
        {
            await CliApp.FailAsync(parse, $"POST /api/v1/events (batch from {unit} {_numbers[0]})", answer);
            return false;
        }

        report.Add(result, items, _numbers);
        _numbers.Clear();
        _body.Clear();
        return true;
    }
}
