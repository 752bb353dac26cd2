using Observability.Sidecar.SourceWebhooks;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests.SourceWebhooks;

public sealed class SecretSettingTests
{
    [Fact]
    public void TryResolve_AFileEndingInANewline_IsTheSecretWithoutIt()
    {
        using var directory = new TempDirectory("secret");
        var file = directory.Combine("secret");
        File.WriteAllText(file, "s3cr3t with spaces\n");

        Assert.True(SecretSetting.TryResolve(null, file, "A", "AFile", out var secret, out var problem), problem);
        Assert.Equal("s3cr3t with spaces", secret);
    }

    [Fact]
    public void TryResolve_Neither_IsNoSecret()
    {
        Assert.True(SecretSetting.TryResolve(null, "", "A", "AFile", out var secret, out _));
        Assert.Null(secret);
    }

    [Fact]
    public void TryResolve_Both_NamesBothSettings()
    {
        Assert.False(SecretSetting.TryResolve("x", "/etc/hostname", "GitHub:WebhookSecret", "GitHub:WebhookSecretFile", out _, out var problem));
        Assert.Contains("GitHub:WebhookSecret and GitHub:WebhookSecretFile", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TryResolve_MissingOrEmptyFile_NamesTheSetting()
    {
        using var directory = new TempDirectory("secret");
        var empty = directory.Combine("empty");
        File.WriteAllText(empty, "\n");

        Assert.False(SecretSetting.TryResolve(null, directory.Combine("missing"), "A", "AFile", out _, out var missing));
        Assert.StartsWith("AFile:", missing, StringComparison.Ordinal);
        Assert.False(SecretSetting.TryResolve(null, empty, "A", "AFile", out _, out var emptyProblem));
        Assert.Contains("is empty", emptyProblem, StringComparison.Ordinal);
    }
}
