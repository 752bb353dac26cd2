using Microsoft.Extensions.Options;

namespace Observability.Sidecar.Otlp;

/// <summary>Checks the <c>Otlp</c> section at start.</summary>
internal sealed class OtlpOptionsValidator : IValidateOptions<OtlpOptions>
{
    /// <summary>The names a resource attribute may map to: the fields the rules read from <c>context</c>.</summary>
    public static readonly IReadOnlySet<string> ContextNames = new HashSet<string>(StringComparer.Ordinal) { "team", "project", "repository", "branch", "taskId" };

    public ValidateOptionsResult Validate(string? name, OtlpOptions options)
    {
        var errors = new List<string>();
        if (options.MaxRequestBodyBytes is < 1024 or > int.MaxValue)
        {
            errors.Add($"Otlp:MaxRequestBodyBytes must be from 1024 to {int.MaxValue} bytes (is {options.MaxRequestBodyBytes}).");
        }

        if (options.MaxItemsPerRequest < 1)
        {
            errors.Add($"Otlp:MaxItemsPerRequest must be at least 1 (is {options.MaxItemsPerRequest}).");
        }

        foreach (var (key, target) in options.ResourceAttributes)
        {
            if (!ContextNames.Contains(target))
            {
                errors.Add($"Otlp:ResourceAttributes:{key} is '{target}'; it must be one of {string.Join(", ", ContextNames)}.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
