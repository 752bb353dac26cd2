using System.Diagnostics.CodeAnalysis;

namespace Observability.Sidecar.SourceWebhooks;

/// <summary>A secret given either inline or as a file (a mounted Kubernetes secret), read once at start.</summary>
internal static class SecretSetting
{
    /// <summary>
    /// The secret, or null when neither is set; <paramref name="problem"/> names what is wrong (both set, an unreadable
    /// or empty file). A file's trailing newline is not part of the secret: <c>echo</c> and editors add one.
    /// </summary>
    public static bool TryResolve(string? value, string? file, string valueSetting, string fileSetting, out string? secret, [NotNullWhen(false)] out string? problem)
    {
        secret = null;
        problem = null;
        if (!string.IsNullOrEmpty(value) && !string.IsNullOrEmpty(file))
        {
            problem = $"{valueSetting} and {fileSetting} are both set; set one.";
            return false;
        }

        if (!string.IsNullOrEmpty(value))
        {
            secret = value;
            return true;
        }

        if (string.IsNullOrEmpty(file))
        {
            return true;
        }

        try
        {
            secret = File.ReadAllText(file).TrimEnd('\r', '\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            problem = $"{fileSetting}: '{file}' cannot be read ({e.GetType().Name}).";
            return false;
        }

        if (secret.Length == 0)
        {
            problem = $"{fileSetting}: '{file}' is empty.";
            secret = null;
            return false;
        }

        return true;
    }
}
