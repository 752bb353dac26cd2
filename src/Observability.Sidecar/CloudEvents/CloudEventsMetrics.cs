using Observability.Metrics;

namespace Observability.Sidecar.CloudEvents;

/// <summary>
/// CloudEvents refused before any rule saw them (not a CloudEvent, a missing or bad attribute, an unread data content
/// type, an unknown CDEvents major version), by mode and the attribute at fault. What the rules made of the others is
/// counted in <c>inbound_items_total{kind="cloudevent"}</c> and, by CDEvents type, <c>cloudevents_received_total</c>.
/// </summary>
internal sealed class CloudEventsMetrics
{
    /// <summary>The label values of <c>field</c>: the attributes and parts a refusal can name; any other is <c>extension</c>.</summary>
    public static readonly IReadOnlyList<string> Fields =
        ["specversion", "id", "source", "type", "time", "subject", "dataschema", "datacontenttype", "data", "body", "content_type", "extension"];

    private static readonly string[] Modes = ["binary", "structured", "batch"];

    private readonly CounterFamily _rejected;

    public CloudEventsMetrics(MetricRegistry registry)
    {
        _rejected = registry.CreateCounter(
            "cloudevents_rejected_total",
            "CloudEvents refused by POST /api/v1/cloudevents before mapping, by content mode and the attribute or part at fault (nothing of them is stored).",
            new MetricOptions
            {
                LabelNames = ["mode", "field"],
                KnownLabelSets = Modes.SelectMany(m => Fields.Select(f => (IReadOnlyList<string>)[m, f])),
            });
    }

    /// <summary>Counts one refused event.</summary>
    public void Rejected(string mode, string? field) => _rejected.WithLabels(mode, Bounded(field)).Inc();

    private static string Bounded(string? field)
    {
        var name = field switch
        {
            null or "" => "body",
            "Content-Type" => "content_type",
            _ when field.StartsWith("ce-", StringComparison.Ordinal) => field[3..],

            // A path into the event (data.subject.id, data.list[2]) counts under its attribute.
            _ when field.IndexOfAny(['.', '[']) is > 0 and var end => field[..end],
            _ => field,
        };
        return Fields.Contains(name) ? name : "extension";
    }
}
