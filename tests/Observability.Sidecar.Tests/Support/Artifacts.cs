namespace Observability.Sidecar.Tests.Support;

/// <summary>
/// The built programs the tests run as child processes. The test assembly lives in
/// <c>tests/Observability.Sidecar.Tests/bin/&lt;Configuration&gt;/&lt;tfm&gt;/</c>; the sidecar and the crash client are
/// built (by the csproj's project references) into the same Configuration and target framework of their own projects.
/// </summary>
internal static class Artifacts
{
    private static readonly DirectoryInfo TestOutput = new(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));

    public static string TargetFramework => TestOutput.Name;

    public static string Configuration => TestOutput.Parent!.Name;

    /// <summary>The repository root: five levels above the test output folder.</summary>
    public static string RepositoryRoot => TestOutput.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;

    public static string SidecarDll => Require(Path.Combine(
        RepositoryRoot, "src", "Observability.Sidecar", "bin", Configuration, TargetFramework, "Observability.Sidecar.dll"));

    public static string CrashClientDll => Require(Path.Combine(
        RepositoryRoot, "tests", "Observability.Sidecar.CrashClient", "bin", Configuration, TargetFramework, "Observability.Sidecar.CrashClient.dll"));

    private static string Require(string path) =>
        File.Exists(path)
            ? path
            : throw new FileNotFoundException(
                $"{path} is missing; the test project's ProjectReference (ReferenceOutputAssembly=false) builds it with the same Configuration.",
                path);
}
