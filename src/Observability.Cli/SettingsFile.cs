using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Observability.Cli;

/// <summary>
/// Reads one section of a sidecar settings file (<c>appsettings.json</c>) for the offline commands, through the same
/// configuration binder the sidecar reads it with, so a file the sidecar accepts means the same here (a number written
/// as a string, comments, trailing commas).
/// </summary>
internal static class SettingsFile
{
    /// <summary>
    /// The <paramref name="section"/> of <paramref name="file"/>, validated; the defaults without a file or section.
    /// </summary>
    /// <exception cref="ArgumentException">The section does not bind or does not validate.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="JsonException">The file is not JSON.</exception>
    public static T ReadSection<T>(FileInfo? file, string section, Func<T, IReadOnlyList<string>> validate)
        where T : new()
    {
        var options = new T();
        if (file is null)
        {
            return options;
        }

        IConfigurationRoot configuration;
        try
        {
            configuration = new ConfigurationBuilder().AddJsonFile(file.FullName, optional: false, reloadOnChange: false).Build();
        }
        catch (InvalidDataException e)
        {
            throw new JsonException($"{file.FullName} is not JSON: {e.InnerException?.Message ?? e.Message}", e);
        }

        try
        {
            configuration.GetSection(section).Bind(options);
        }
        catch (InvalidOperationException e)
        {
            throw new ArgumentException($"{section}: {e.Message}", e);
        }

        var failures = validate(options);
        return failures.Count == 0 ? options : throw new ArgumentException(string.Join(" ", failures));
    }
}
