using System.Globalization;
using Microsoft.Extensions.Options;

namespace Observability.Sidecar.Security;

/// <summary>Checks <c>Auth</c> at start: every token named once, with known scopes and exactly one of a hash or a file.</summary>
internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Tokens.Count; i++)
        {
            var token = options.Tokens[i];
            var at = string.Create(CultureInfo.InvariantCulture, $"Auth:Tokens:{i}");
            if (string.IsNullOrWhiteSpace(token.Name) || token.Name.Any(c => char.IsControl(c) || c == '"' || c == '\\'))
            {
                failures.Add($"{at}:Name is required (printable, no quotes or backslashes): it is recorded as the events' source.");
            }
            else if (!names.Add(token.Name))
            {
                failures.Add($"{at}:Name '{token.Name}' is used by another token.");
            }

            if (token.Scopes.Count == 0 || token.Scopes.Any(s => !Scopes.All.Contains(s.Trim().ToLowerInvariant())))
            {
                failures.Add($"{at}:Scopes must list some of {string.Join(", ", Scopes.All)}.");
            }

            if (token.RequestsPerSecond < 0 || token.EventsPerSecond < 0 || token.EventsPerDay < 0)
            {
                failures.Add($"{at}: RequestsPerSecond, EventsPerSecond and EventsPerDay must not be negative (0 is unlimited).");
            }

            var hasHash = !string.IsNullOrWhiteSpace(token.Sha256);
            var hasFile = !string.IsNullOrWhiteSpace(token.File);
            if (hasHash == hasFile)
            {
                failures.Add($"{at}: give exactly one of Sha256 (the token's SHA-256 in hex) and File (a file holding the token).");
            }
            else if (hasHash && (token.Sha256!.Trim().Length != 64 || !token.Sha256.Trim().All(char.IsAsciiHexDigit)))
            {
                failures.Add($"{at}:Sha256 must be 64 hex digits (printf %s \"$TOKEN\" | sha256sum).");
            }
            else if (hasFile && (!File.Exists(token.File) || new FileInfo(token.File!).Length == 0))
            {
                failures.Add($"{at}:File '{token.File}' does not exist or is empty.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
