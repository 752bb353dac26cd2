using System.CommandLine;

namespace Observability.Cli.Commands;

/// <summary>
/// <c>agentobs completion bash|zsh</c>: prints a shell completion script. The script asks agentobs itself through
/// System.CommandLine's <c>[suggest:POSITION]</c> directive, which is what the dotnet-suggest tool's shims do; a verb
/// of our own needs no second global tool and no registration, and the suggestions are always this build's commands
/// and options.
/// </summary>
internal static class CompletionCommand
{
    private const string Bash = """
        # agentobs completion for bash: eval "$(agentobs completion bash)" in ~/.bashrc
        _agentobs_complete() {
            local IFS=$'\n'
            local suggestions
            suggestions="$(agentobs "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)"
            COMPREPLY=( $(compgen -W "${suggestions}" -- "${COMP_WORDS[COMP_CWORD]}") )
        }
        complete -o default -F _agentobs_complete agentobs
        """;

    private const string Zsh = """
        # agentobs completion for zsh: eval "$(agentobs completion zsh)" in ~/.zshrc
        _agentobs_complete() {
            local -a suggestions
            suggestions=("${(@f)$(agentobs "[suggest:${CURSOR}]" "${BUFFER}" 2>/dev/null)}")
            reply=("${suggestions[@]}")
        }
        compctl -K _agentobs_complete agentobs
        """;

    public static Command Create()
    {
        var shell = new Argument<string>("shell") { Description = "bash or zsh." };
        shell.AcceptOnlyFromAmong("bash", "zsh");
        var command = new Command("completion", "Print a shell completion script: eval \"$(agentobs completion bash)\" (or zsh).") { shell };
        command.SetAction(async parse =>
        {
            await parse.InvocationConfiguration.Output.WriteLineAsync(parse.GetValue(shell) == "zsh" ? Zsh : Bash);
            return ExitCodes.Ok;
        });
        return command;
    }
}
