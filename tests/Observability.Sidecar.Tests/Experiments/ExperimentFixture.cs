using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests.Experiments;

/// <summary>The committed reference fixture (reference/generate.py) and the HTTP calls the experiments tests make.</summary>
internal static class ExperimentFixture
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Experiments", "reference");

    public static JsonElement Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, "fixture.json")));
        return document.RootElement.Clone();
    }

    public static async Task<SidecarResponse> PostJsonAsync(SidecarProcess sidecar, string path, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path.TrimStart('/'), UriKind.Relative))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        return await sidecar.SendAsync(request);
    }

    public static async Task<JsonElement> GetOkAsync(SidecarProcess sidecar, string path)
    {
        var response = await sidecar.GetAsync(path);
        Assert.True(response.Status == HttpStatusCode.OK, $"GET {path}: {response}");
        return response.Json;
    }

    /// <summary>Relative closeness, the tolerance the statistics tests use for closed forms; Boschloo's maximisation gets 1e-6.</summary>
    public static void Close(double expected, JsonElement actual, string what, double relative = 1e-9)
    {
        Assert.True(actual.ValueKind == JsonValueKind.Number, $"{what}: expected {expected}, got {actual}");
        var value = actual.GetDouble();
        var tolerance = relative * Math.Max(1e-300, Math.Abs(expected));
        Assert.True(Math.Abs(value - expected) <= Math.Max(tolerance, 1e-15), $"{what}: expected {expected.ToString("R", CultureInfo.InvariantCulture)}, got {value.ToString("R", CultureInfo.InvariantCulture)}");
    }

    public static string Iso(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
