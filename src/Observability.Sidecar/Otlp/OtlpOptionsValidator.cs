using System.Diagnostics.CodeAnalysis;
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

        if (!string.IsNullOrWhiteSpace(options.GrpcUrl) && !TryParseGrpcUrl(options.GrpcUrl, out _, out var problem))
        {
            errors.Add($"Otlp:GrpcUrl '{options.GrpcUrl}' {problem}.");
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

    /// <summary>
    /// An OTLP/gRPC listener URL: http or https, a host, an explicit port (the listener is its own port: OTLP/gRPC's is
    /// 4317), nothing after the port. False for null or empty, with no problem named.
    /// </summary>
    public static bool TryParseGrpcUrl(string? value, [NotNullWhen(true)] out Uri? url, out string? problem)
    {
        url = null;
        problem = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https") || string.IsNullOrEmpty(parsed.Host))
        {
            problem = "is not an http:// or https:// URL (for example http://127.0.0.1:4317)";
            return false;
        }

        if (parsed.IsDefaultPort || !value.Trim().Contains($":{parsed.Port}", StringComparison.Ordinal) || parsed.Port == 0)
        {
            problem = "must name its port (for example http://127.0.0.1:4317): the gRPC listener is a port of its own";
            return false;
        }

        if (parsed.AbsolutePath != "/" || parsed.Query.Length > 0 || parsed.Fragment.Length > 0)
        {
            problem = "must end at the port: gRPC methods have fixed paths";
            return false;
        }

        url = parsed;
        return true;
    }
}
