using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Observability.Cli.Commands;

/// <summary>
/// <c>agentobs emit</c>: sends one event, from a shell or an agent hook. Either flags (<c>--type</c>,
/// <c>--entity-id</c>, <c>--meta key=value</c>…) or a whole JSON event (<c>--body</c>). Retried on 5xx and connection
/// failures; the event id makes that safe (a retry of a stored event is a duplicate).
/// </summary>
internal static class EmitCommand
{
    public static Command Create()
    {
        var type = new Option<string?>("--type") { Description = "eventType, entity:action (e.g. task:completed)." };
        var entityId = new Option<string?>("--entity-id") { Description = "entityId." };
        var entityType = new Option<string?>("--entity-type") { Description = "entityType: the part of --type before ':' (the default; another value is refused)." };
        var id = new Option<string?>("--id") { Description = "Event id; a new unique one by default. Reuse an id to make a resend safe." };
        var timestamp = new Option<DateTimeOffset?>("--timestamp") { Description = "ISO 8601 with offset; now by default." };
        var chainId = new Option<string?>("--chain-id") { Description = "chainId (ADR-009)." };
        var requestId = new Option<string?>("--request-id") { Description = "requestId (ADR-009)." };
        var model = new Option<string?>("--model") { Description = "agent.model." };
        var role = new Option<string?>("--role") { Description = "agent.role." };
        var tokensIn = new Option<long?>("--tokens-in") { Description = "agent.tokens.input (ADR-009's manual token tracking); needs --model." };
        var tokensOut = new Option<long?>("--tokens-out") { Description = "agent.tokens.output; needs --model." };
        var meta = new Option<string[]>("--meta") { Description = "metadata key=value, repeatable; numbers, true and false are typed, the rest are strings." };
        var body = new Option<string?>("--body") { Description = "The whole event as JSON instead of the flags; @path reads a file, - reads stdin. Without an id it gets a new unique one." };
        var retries = new Option<int>("--retries") { Description = "Retries on 5xx or connection failure.", DefaultValueFactory = _ => 4 };
        var command = new Command("emit", "Send one event to the sidecar (retried; ids make retries safe).")
        {
            type, entityId, entityType, id, timestamp, chainId, requestId, model, role, tokensIn, tokensOut, meta, body, retries,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            if (parse.GetValue(CommonOptions.DataDir) is not null)
            {
                // Writing goes through a sidecar, so validation, deduplication and the metrics stay in one place.
                await error.WriteLineAsync("agentobs emit: writes need a running sidecar (--url); --data-dir is read-only.");
                return ExitCodes.Usage;
            }

            byte[] json;
            try
            {
                json = parse.GetValue(body) is { } text
                    ? await ReadBodyAsync(text, cancellationToken)
                    : Build(parse, type, entityId, entityType, id, timestamp, chainId, requestId, model, role, (tokensIn, tokensOut), meta);
            }
            catch (Exception e) when (e is ArgumentException or JsonException or IOException)
            {
                await error.WriteLineAsync($"agentobs emit: {e.Message}");
                return ExitCodes.Usage;
            }

            if (CommonOptions.BaseAddress(parse) is not { } url)
            {
                await error.WriteLineAsync($"agentobs: --url '{parse.GetValue(CommonOptions.Url)}' is not an absolute http or https URL.");
                return ExitCodes.Usage;
            }

            using var client = new SidecarClient(url, Math.Max(0, parse.GetValue(retries)), token: CommonOptions.TokenOf(parse));
            SidecarAnswer answer;
            try
            {
                answer = await client.PostAsync("api/v1/events", json, "application/json", cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                await error.WriteLineAsync($"agentobs: cannot reach the sidecar at {url}: {e.Message}");
                return ExitCodes.Failed;
            }

            if (answer.Json is not { } result || !result.TryGetProperty("items", out var items) || items.GetArrayLength() != 1)
            {
                return await CliApp.FailAsync(parse, "POST /api/v1/events", answer);
            }

            var item = items[0];
            var status = item.GetProperty("status").GetString();
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(CommonOptions.Json))
            {
                await output.WriteLineAsync(CliJson.Pretty(result));
            }
            else
            {
                var eventId = item.TryGetProperty("id", out var idElement) ? idElement.GetString() : null;
                await output.WriteLineAsync(status == "rejected"
                    ? $"rejected {eventId}: {item.GetProperty("field").GetString()}: {item.GetProperty("reason").GetString()}"
                    : $"{status} {eventId}");
            }

            return status == "rejected" ? ExitCodes.Failed : ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<byte[]> ReadBodyAsync(string body, CancellationToken cancellationToken)
    {
        var text = body switch
        {
            "-" => await Console.In.ReadToEndAsync(cancellationToken),
            _ when body.StartsWith('@') => await File.ReadAllTextAsync(body[1..], cancellationToken),
            _ => body,
        };
        // An event without an id gets one, as with the flags: the id is what makes the retries safe.
        if (JsonNode.Parse(text) is JsonObject e && !e.ContainsKey("id"))
        {
            e.Insert(0, "id", NewId());
            return Encoding.UTF8.GetBytes(e.ToJsonString());
        }

        using var document = JsonDocument.Parse(text);
        return Encoding.UTF8.GetBytes(document.RootElement.GetRawText());
    }

    private static byte[] Build(
        ParseResult parse,
        Option<string?> type,
        Option<string?> entityId,
        Option<string?> entityType,
        Option<string?> id,
        Option<DateTimeOffset?> timestamp,
        Option<string?> chainId,
        Option<string?> requestId,
        Option<string?> model,
        Option<string?> role,
        (Option<long?> In, Option<long?> Out) tokens,
        Option<string[]> meta)
    {
        var eventType = parse.GetValue(type) ?? throw new ArgumentException("--type is required (or give the whole event with --body).");
        var entity = parse.GetValue(entityId) ?? throw new ArgumentException("--entity-id is required (or give the whole event with --body).");
        var colon = eventType.IndexOf(':', StringComparison.Ordinal);
        var e = new JsonObject
        {
            ["id"] = parse.GetValue(id) ?? NewId(),
            ["timestamp"] = (parse.GetValue(timestamp) ?? TimeProvider.System.GetUtcNow()).ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
            ["eventType"] = eventType,
            ["entityType"] = parse.GetValue(entityType) ?? (colon > 0 ? eventType[..colon] : eventType),
            ["entityId"] = entity,
        };
        if (parse.GetValue(chainId) is { } chain)
        {
            e["chainId"] = chain;
        }

        if (parse.GetValue(requestId) is { } request)
        {
            e["requestId"] = request;
        }

        var (tokensIn, tokensOut) = (parse.GetValue(tokens.In), parse.GetValue(tokens.Out));
        if (parse.GetValue(model) is { } m)
        {
            var agent = new JsonObject { ["model"] = m, ["role"] = parse.GetValue(role) ?? "impl" };
            if (tokensIn is not null || tokensOut is not null)
            {
                // ADR-009's TokenUsage has both; one not given is 0.
                agent["tokens"] = new JsonObject { ["input"] = tokensIn ?? 0, ["output"] = tokensOut ?? 0 };
            }

            e["agent"] = agent;
        }
        else if (tokensIn is not null || tokensOut is not null)
        {
            throw new ArgumentException("--tokens-in and --tokens-out go in agent.tokens: give the agent's --model too.");
        }

        var pairs = parse.GetValue(meta) ?? [];
        if (pairs.Length > 0)
        {
            var metadata = new JsonObject();
            foreach (var pair in pairs)
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    throw new ArgumentException($"--meta '{pair}' is not key=value.");
                }

                metadata[pair[..equals]] = Typed(pair[(equals + 1)..]);
            }

            e["metadata"] = metadata;
        }

        return Encoding.UTF8.GetBytes(e.ToJsonString());
    }

    private static string NewId() => $"cli-{Guid.NewGuid():N}";

    private static JsonValue Typed(string value) => value switch
    {
        "true" => JsonValue.Create(true),
        "false" => JsonValue.Create(false),
        _ when long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole) => JsonValue.Create(whole),
        _ when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) => JsonValue.Create(number),
        _ => JsonValue.Create(value),
    };
}
