using Microsoft.Extensions.Options;
using Observability.EventLog;
using Observability.Metrics;

namespace Observability.Sidecar.Hosting;

/// <summary>Checks the options at start; each failure names the setting (as <c>Sidecar:Name</c>) and the problem.</summary>
internal sealed class SidecarOptionsValidator : IValidateOptions<SidecarOptions>
{
    public ValidateOptionsResult Validate(string? name, SidecarOptions options)
    {
        var failures = new List<string>();
        try
        {
            new MetricRegistryOptions { Namespace = options.Namespace, MaxSeriesPerFamily = options.MaxSeriesPerFamily }.Validate();
        }
        catch (ArgumentException e)
        {
            failures.Add($"Sidecar:{(e.ParamName == nameof(MetricRegistryOptions.Namespace) ? "Namespace" : "MaxSeriesPerFamily")}: {e.Message}");
        }

        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            failures.Add("Sidecar:DataDirectory must name a directory.");
        }

        if (options.MaxRequestBodyBytes < 1024)
        {
            failures.Add($"Sidecar:MaxRequestBodyBytes must be at least 1024, was {options.MaxRequestBodyBytes}.");
        }

        if (options.SnapshotIntervalSeconds < 0)
        {
            failures.Add($"Sidecar:SnapshotIntervalSeconds must be 0 (off) or more, was {options.SnapshotIntervalSeconds}.");
        }

        if (options.MaxItemsPerRequest is < 1 or > SidecarOptions.MaxMaxItemsPerRequest)
        {
            failures.Add($"Sidecar:MaxItemsPerRequest must be between 1 and {SidecarOptions.MaxMaxItemsPerRequest}, was {options.MaxItemsPerRequest}.");
        }

        if (options.MinFreeDiskBytes < 0)
        {
            failures.Add($"Sidecar:MinFreeDiskBytes must be zero or more, was {options.MinFreeDiskBytes}.");
        }

        if (options.SegmentMaxBytes < 4096)
        {
            failures.Add($"Sidecar:SegmentMaxBytes must be at least 4096, was {options.SegmentMaxBytes}.");
        }

        if (options.MaxLogBytes < 0)
        {
            failures.Add($"Sidecar:MaxLogBytes must be 0 (off) or a number of bytes, was {options.MaxLogBytes}.");
        }

        if (options.PreallocationBytes != 0 && options.PreallocationBytes < EventLogOptions.MinPreallocationBytes)
        {
            failures.Add($"Sidecar:PreallocationBytes must be 0 (off) or at least {EventLogOptions.MinPreallocationBytes}, was {options.PreallocationBytes}.");
        }

        foreach (var file in options.MappingFiles)
        {
            if (!File.Exists(file))
            {
                failures.Add($"Sidecar:MappingFiles: '{file}' does not exist.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
