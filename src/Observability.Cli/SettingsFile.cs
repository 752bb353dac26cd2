using System.Text.Json;

namespace Observability.Cli;

/// <summary>Reads one section of a sidecar settings file (<c>appsettings.json</c>) for the offline commands.</summary>
internal static class SettingsFile
{
    // appsettings.json spells sections in PascalCase; Web defaults match them case-insensitively.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The <paramref name="section"/> of <paramref name="file"/>, validated; the defaults without a file or section.
    /// </summary>
    /// <exception cref="ArgumentException">The section does not validate.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="JsonException">The file is not JSON.</exception>
    public static T ReadSection<T>(FileInfo? file, string section, Func<T, IReadOnlyList<string>> validate)
        where T : new()
    {
        if (file is null)
        {
            return new T();
        }

        using var document = JsonDocument.Parse(
            File.ReadAllText(file.FullName), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var options = document.RootElement.TryGetProperty(section, out var element)
            ? element.Deserialize<T>(Json) ?? new T()
            : new T();
        var failures = validate(options);
        return failures.Count == 0 ? options : throw new ArgumentException(string.Join(" ", failures));
    }
}
