using System.Text.Json;
using System.Threading.Channels;
using Observability.EventLog;
using Observability.Ingestion.Events;

namespace Observability.Ingestion;

/// <summary>
/// A start-up replay on two cores: the log's reading thread parses and validates each record (the
/// <see cref="Handler"/>), and a second thread rebuilds the duplicate index and projects the events in
/// log order. Call <see cref="Complete"/> once the log is open.
/// </summary>
public sealed class ReplaySession : IDisposable
{
    private const int BatchSize = 1024;
    private readonly IngestionPipeline _pipeline;
    private readonly Channel<List<PipelineEvent>> _batches =
        Channel.CreateBounded<List<PipelineEvent>>(new BoundedChannelOptions(8) { SingleReader = true, SingleWriter = true });

    private readonly Task _projection;
    private List<PipelineEvent> _current = new(BatchSize);
    private long _unreplayable;
    private bool _completed;

    internal ReplaySession(IngestionPipeline pipeline)
    {
        _pipeline = pipeline;
        _projection = Task.Run(ProjectAsync);
    }

    /// <summary>Give this to <c>EventLog.Open</c>.</summary>
    public RecordHandler Handler => OnRecord;

    /// <summary>Waits until every record handed over has been projected.</summary>
    public void Complete()
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        Flush();
        _batches.Writer.TryComplete();
        _projection.GetAwaiter().GetResult();
        _pipeline.Replayed(0, _unreplayable);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_completed)
        {
            // Open failed part-way: stop the projection thread and drop what it had not taken.
            _completed = true;
            _batches.Writer.TryComplete();
            _projection.GetAwaiter().GetResult();
        }

        foreach (var e in _current)
        {
            e.Dispose();
        }

        _current.Clear();
    }

    private void OnRecord(long sequence, ReadOnlySpan<byte> payload)
    {
        JsonDocument? document = null;
        try
        {
            // ParseValue copies the record into a pooled array, given back on Dispose: no garbage per record.
            var reader = new Utf8JsonReader(payload);
            document = JsonDocument.ParseValue(ref reader);
            if (reader.Read())
            {
                // Data after the value: not a record the ingestion API wrote.
                document.Dispose();
                _unreplayable++;
                return;
            }
        }
        catch (JsonException)
        {
            document?.Dispose();
            _unreplayable++;
            return;
        }

        if (EventValidator.Validate(document.RootElement, out var envelope, out var metadata, checkCatalogue: false) is not null)
        {
            document.Dispose();
            _unreplayable++;
            return;
        }

        _current.Add(new PipelineEvent(document, envelope!, metadata));
        if (_current.Count == BatchSize)
        {
            Flush();
        }
    }

    private void Flush()
    {
        if (_current.Count == 0)
        {
            return;
        }

        // Bounded: a reader far ahead of the projection waits rather than holding the whole log in memory.
        var batch = _current;
        _current = new List<PipelineEvent>(BatchSize);
        if (!_batches.Writer.TryWrite(batch))
        {
            _batches.Writer.WriteAsync(batch).AsTask().GetAwaiter().GetResult();
        }
    }

    private async Task ProjectAsync()
    {
        await foreach (var batch in _batches.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            var replayed = 0;
            foreach (var e in batch)
            {
                using (e)
                {
                    if (_pipeline.ReplayOne(e))
                    {
                        replayed++;
                    }
                }
            }

            _pipeline.Replayed(replayed, 0);
        }
    }
}
