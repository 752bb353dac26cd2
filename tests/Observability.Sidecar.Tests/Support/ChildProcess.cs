using System.Diagnostics;
using System.Text;

namespace Observability.Sidecar.Tests.Support;

/// <summary>
/// A child process with its standard output and error captured (for failure messages) and every output line also
/// handed to an optional callback. Disposing kills it if it still runs; every wait is bounded.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();
    private readonly Action<string>? _onStandardOutputLine;

    private ChildProcess(Process process, Action<string>? onStandardOutputLine)
    {
        _process = process;
        _onStandardOutputLine = onStandardOutputLine;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Description { get; private init; } = string.Empty;

    /// <summary>Everything written to stdout and stderr so far (stderr lines are prefixed with "!").</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    public StreamWriter StandardInput => _process.StandardInput;

    public static ChildProcess Start(
        string fileName,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        bool redirectStandardInput = false,
        Action<string>? onStandardOutputLine = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectStandardInput,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process, onStandardOutputLine)
        {
            Description = $"{fileName} {string.Join(' ', info.ArgumentList)}",
        };
        process.OutputDataReceived += (_, e) => child.Append(e.Data, isError: false);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data, isError: true);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {child.Description}");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits for the exit and for the output to be read to its end; false on timeout.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Sends a signal with kill(1), e.g. "TERM", as an orchestrator stopping the process would.</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + signal, Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })
            ?? throw new InvalidOperationException("Could not start kill");
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await kill.WaitForExitAsync(cancellation.Token);
    }

    /// <summary>SIGKILL: no chance to flush or clean up.</summary>
    public async Task KillAsync(TimeSpan timeout)
    {
        try
        {
            _process.Kill(entireProcessTree: false);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        if (!await WaitForExitAsync(timeout))
        {
            throw new TimeoutException($"{Description} (pid {Id}) did not die within {timeout} of SIGKILL.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                await KillAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void Append(string? line, bool isError)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.Append(isError ? "!" : string.Empty).AppendLine(line);
        }

        if (!isError)
        {
            _onStandardOutputLine?.Invoke(line);
        }
    }
}
