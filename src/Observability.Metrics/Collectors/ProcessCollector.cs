using System.Diagnostics;
using System.Globalization;

namespace Observability.Metrics.Collectors;

/// <summary>
/// The standard process metrics under Prometheus' un-namespaced names, as client_golang's process
/// collector writes them: CPU seconds, resident and virtual memory, start time, open and maximum fds.
/// </summary>
internal sealed class ProcessCollector
{
    private const string FdDirectory = "/proc/self/fd";
    private const string LimitsFile = "/proc/self/limits";

    private readonly Counter _cpuSeconds;
    private readonly Gauge _residentBytes;
    private readonly Gauge _virtualBytes;
    private readonly Gauge _openFds;
    private readonly Gauge _maxFds;

    public ProcessCollector(MetricRegistry registry)
    {
        var plain = new MetricOptions { Namespaced = false };
        _cpuSeconds = registry.CreateCounter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", plain).Unlabelled;
        _residentBytes = registry.CreateGauge("process_resident_memory_bytes", "Resident memory size in bytes.", plain).Unlabelled;
        _virtualBytes = registry.CreateGauge("process_virtual_memory_bytes", "Virtual memory size in bytes.", plain).Unlabelled;
        _openFds = registry.CreateGauge("process_open_fds", "Number of open file descriptors.", plain).Unlabelled;
        _maxFds = registry.CreateGauge("process_max_fds", "Maximum number of open file descriptors.", plain).Unlabelled;
        var start = registry.CreateGauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.", plain).Unlabelled;

        using var process = Process.GetCurrentProcess();
        start.Set(new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0);
        _maxFds.Set(ReadMaxFds() ?? double.NaN);
        Collect();
    }

    public void Collect()
    {
        using var process = Process.GetCurrentProcess();
        _cpuSeconds.IncTo(process.TotalProcessorTime.TotalSeconds);
        _residentBytes.Set(process.WorkingSet64);
        _virtualBytes.Set(process.VirtualMemorySize64);
        _openFds.Set(Directory.Exists(FdDirectory) ? Directory.EnumerateFileSystemEntries(FdDirectory).Count() : process.HandleCount);
    }

    private static double? ReadMaxFds()
    {
        if (!File.Exists(LimitsFile))
        {
            return null;
        }

        // "Max open files            1048576              1048576              files": the soft limit.
        foreach (var line in File.ReadLines(LimitsFile))
        {
            if (line.StartsWith("Max open files", StringComparison.Ordinal))
            {
                var fields = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var soft) ? soft : null;
            }
        }

        return null;
    }
}
