using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Observability.Experiments.Declarations;

/// <summary>
/// The events experiments and goals are stored as: <c>experiment:declared</c> and <c>goal:declared</c> (metadata = the
/// canonical declaration; entityId = the name; id = <c>experiment-NAME-</c> or <c>goal-NAME-</c> and 16 hex digits of
/// SHA-256 over the canonical JSON, so the same declaration posted twice is a duplicate and a different one a new
/// event that the projection refuses as a second declaration of the name), and <c>experiment:exposed</c> (entityId =
/// the experiment, <c>metadata.unit</c>, <c>metadata.variant</c>; id from <see cref="Assignment.Assigner.ExposureId"/>).
/// </summary>
public static class DeclarationEvents
{
    /// <summary>An experiment was declared.</summary>
    public const string ExperimentDeclared = "experiment:declared";

    /// <summary>A unit was assigned to a variant.</summary>
    public const string ExperimentExposed = "experiment:exposed";

    /// <summary>A goal was declared.</summary>
    public const string GoalDeclared = "goal:declared";

    /// <summary>The <c>experiment:declared</c> event of <paramref name="experiment"/>, stamped <paramref name="now"/>.</summary>
    public static JsonObject Declared(Experiment experiment, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        return Event("experiment", ExperimentDeclared, experiment.Name, DeclarationJson.Write(experiment.ToSpec()), now);
    }

    /// <summary>The <c>goal:declared</c> event of <paramref name="goal"/>, stamped <paramref name="now"/>.</summary>
    public static JsonObject Declared(Goal goal, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(goal);
        return Event("goal", GoalDeclared, goal.Name, DeclarationJson.Write(goal.ToSpec()), now);
    }

    /// <summary>The <c>experiment:exposed</c> event of <paramref name="unit"/> assigned to <paramref name="variant"/>.</summary>
    public static JsonObject Exposed(string experiment, string unit, string variant, DateTimeOffset now) => new()
    {
        ["id"] = Assignment.Assigner.ExposureId(experiment, unit),
        ["eventType"] = ExperimentExposed,
        ["entityId"] = experiment,
        ["timestamp"] = now.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'"),
        ["metadata"] = new JsonObject { ["unit"] = unit, ["variant"] = variant },
    };

    private static JsonObject Event(string prefix, string eventType, string name, byte[] canonical, DateTimeOffset now) => new()
    {
        ["id"] = $"{prefix}-{name}-{Convert.ToHexStringLower(SHA256.HashData(canonical).AsSpan(0, 8))}",
        ["eventType"] = eventType,
        ["entityId"] = name,
        ["timestamp"] = now.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'"),
        ["metadata"] = JsonNode.Parse(canonical),
    };
}
