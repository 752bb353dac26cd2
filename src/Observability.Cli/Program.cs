using Observability.Cli;

// agentobs: the sidecar's command line. Every command is built in CliApp; exit codes are in ExitCodes.
return await CliApp.InvokeAsync(args);
