using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Observability.Otlp;
using Observability.Sidecar.Endpoints;
using Observability.Sidecar.Hosting;
using Observability.Sidecar.Inbound;

namespace Observability.Sidecar.Otlp;

/// <summary>
/// <c>POST /v1/logs</c> and <c>/v1/metrics</c>, OTLP/HTTP: protobuf or OTLP JSON, plain or gzip, chunked or with a
/// length. Each log record or data point becomes a source document that the inbound rules turn into catalogue events,
/// stored durably before the answer. 200 with the empty export response when every item was kept (or was a duplicate,
/// or matched no rule), with <c>partialSuccess</c> (the number rejected and why) otherwise, in the request's encoding;
/// 400 for a body that does not decode (naming the error), 413 over <c>Otlp:MaxRequestBodyBytes</c> (compressed or not)
/// or <c>Otlp:MaxItemsPerRequest</c>, 415 for another content type or encoding, 503 while the log is not open.
/// </summary>
internal sealed class OtlpReceiver(InboundIngest inbound, EventLogHandle state, IOptions<OtlpOptions> options, ILogger<OtlpReceiver> logger)
{
    private const int ReasonsListed = 5;
    private readonly OtlpContext _context = new(options.Value.ResourceAttributes);
    private readonly long _limit = options.Value.MaxRequestBodyBytes;
    private readonly int _maxItems = options.Value.MaxItemsPerRequest;

    public async Task HandleAsync(HttpContext context, OtlpSignal signal)
    {
        if (Encoding(context.Request.ContentType) is not { } encoding)
        {
            await Problem.WriteAsync(
                context, StatusCodes.Status415UnsupportedMediaType, "Unsupported content type",
                $"Content-Type '{context.Request.ContentType}' is not accepted; OTLP/HTTP sends application/x-protobuf or application/json.",
                new { field = "Content-Type" });
            return;
        }

        if (Gzip(context.Request.Headers.ContentEncoding.ToString()) is not { } gzip)
        {
            await Problem.WriteAsync(
                context, StatusCodes.Status415UnsupportedMediaType, "Unsupported content encoding",
                $"Content-Encoding '{context.Request.Headers.ContentEncoding}' is not accepted; send gzip or none.", new { field = "Content-Encoding" });
            return;
        }

        if (context.Request.ContentLength > _limit)
        {
            await TooLarge(context);
            return;
        }

        if (state.Log is null || state.Stopping)
        {
            await DurableIngest.UnavailableAsync(context, state);
            return;
        }

        OtlpBody? body;
        try
        {
            body = await OtlpBody.ReadAsync(context.Request, gzip, _limit, context.RequestAborted);
        }
        catch (InvalidDataException e)
        {
            await Malformed(context, signal, $"The gzip body does not inflate: {e.Message}", "Content-Encoding");
            return;
        }

        if (body is null)
        {
            await TooLarge(context);
            return;
        }

        using (body)
        {
            SourceDocuments documents;
            try
            {
                documents = signal.Decode(body.Memory, encoding, _context);
            }
            catch (OtlpDecodeException e)
            {
                await Malformed(context, signal, e.Message, "body");
                return;
            }

            using (documents)
            {
                await StoreAsync(context, signal, encoding, documents);
            }
        }
    }

    private async Task StoreAsync(HttpContext context, OtlpSignal signal, OtlpEncoding encoding, SourceDocuments documents)
    {
        if (await IngestAsync(context, signal, documents) is not { } outcome)
        {
            return;
        }

        var answer = signal.Answer(outcome.Rejected, outcome.Message, encoding);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = ExportAnswer.ContentType(encoding);
        context.Response.ContentLength = answer.Length;
        await context.Response.Body.WriteAsync(answer, context.RequestAborted);
    }

    /// <summary>
    /// What OTLP/HTTP and OTLP/gRPC share once a request is decoded: the item cap, the inbound rules and durable
    /// ingestion; the number rejected and why, or null when a refusal was answered (problem+json over HTTP; in a gRPC
    /// call the refusal is thrown as its status, see <see cref="GrpcAnswers"/>).
    /// </summary>
    public async Task<ExportOutcome?> IngestAsync(HttpContext context, OtlpSignal signal, SourceDocuments documents)
    {
        if (state.Log is null || state.Stopping)
        {
            await DurableIngest.UnavailableAsync(context, state);
            return null;
        }

        if (documents.Items.Count > _maxItems)
        {
            await Problem.WriteAsync(
                context, StatusCodes.Status413PayloadTooLarge, "Too many items",
                $"The request holds {documents.Items.Count} {signal.Items}, more than Otlp:MaxItemsPerRequest ({_maxItems}); lower the exporter's batch size.",
                new { limit_items = _maxItems });
            return null;
        }

        if (documents.Items.Count == 0)
        {
            return new ExportOutcome(0, null);
        }

        if (await inbound.IngestAsync(context, signal.Kind, documents.Items) is not { } result)
        {
            return null;
        }

        if (result.Rejected == 0)
        {
            return new ExportOutcome(0, null);
        }

        var message = Describe(result, signal);
        Log.OtlpItemsRejected(logger, context.Request.Path.Value ?? signal.Path, result.Rejected, documents.Items.Count, message);
        return new ExportOutcome(result.Rejected, message);
    }

    /// <summary>The attribute mapping the receivers build documents with.</summary>
    public OtlpContext Context => _context;

    private static string Describe(InboundBatchResult result, OtlpSignal signal)
    {
        var text = new StringBuilder().Append(result.Rejected).Append(" of ").Append(result.Items.Count).Append(' ').Append(signal.Items).Append(" rejected");
        var listed = 0;
        foreach (var item in result.Items)
        {
            if (item.Status != InboundItemResult.Rejected)
            {
                continue;
            }

            if (listed++ == ReasonsListed)
            {
                text.Append("; ...");
                break;
            }

            text.Append(listed == 1 ? ": " : "; ").Append('#').Append(item.Index).Append(' ').Append(item.Field ?? "item").Append(": ").Append(item.Reason ?? "rejected");
        }

        return text.ToString();
    }

    private Task Malformed(HttpContext context, OtlpSignal signal, string detail, string field)
    {
        Log.OtlpMalformed(logger, signal.Path, detail);
        return Problem.WriteAsync(context, StatusCodes.Status400BadRequest, "Malformed OTLP request", detail, new { field });
    }

    private Task TooLarge(HttpContext context) => Problem.WriteAsync(
        context, StatusCodes.Status413PayloadTooLarge, "Body too large",
        $"The body exceeds Otlp:MaxRequestBodyBytes ({_limit} bytes, compressed or inflated); lower the exporter's batch size.", new { limit_bytes = _limit });

    private static OtlpEncoding? Encoding(string? contentType) => contentType switch
    {
        "application/x-protobuf" => OtlpEncoding.Protobuf,
        "application/json" => OtlpEncoding.Json,
        not null when MediaTypeHeaderValue.TryParse(contentType, out var parsed) => parsed.MediaType.Value?.ToLowerInvariant() switch
        {
            "application/x-protobuf" or "application/protobuf" => OtlpEncoding.Protobuf,
            "application/json" => OtlpEncoding.Json,
            _ => null,
        },
        _ => null,
    };

    private static bool? Gzip(string contentEncoding) => contentEncoding.Trim().ToLowerInvariant() switch
    {
        "" or "identity" => false,
        "gzip" or "x-gzip" => true,
        _ => null,
    };
}
