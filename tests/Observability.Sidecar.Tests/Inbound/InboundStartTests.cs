using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests.Inbound;

public sealed class InboundStartTests
{
    [Fact]
    public async Task Start_InboundRulesFileWithABadRule_ExitsNamingSettingFileRuleAndField()
    {
        using var directory = new TempDirectory("inbound-config");
        var rules = directory.Combine("mine.yaml");
        await File.WriteAllTextAsync(rules, """
            rules:
              - name: my-rule
                kind: github
                idPrefix: gh-mine
                source: "'github'"
                event: { eventType: "'workitem:merged'", entityId: "concat(payload.number" }
            """);

        var (exitCode, output) = await SidecarProcess.RunToExitAsync(
            new SidecarStart(directory.Combine("data")) { Arguments = ["--Inbound:MappingFiles:0", rules] }, TimeSpan.FromSeconds(30));

        Assert.True(exitCode != 0, output);
        Assert.Contains("Inbound:MappingFiles", output, StringComparison.Ordinal);
        Assert.Contains($"'{rules}', rules[0] ('my-rule'): event.entityId", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_InboundRulesFile_LoadsAndCountsItemsFromTheFirstScrape()
    {
        using var directory = new TempDirectory("inbound-config");
        var rules = directory.Combine("mine.yaml");
        await File.WriteAllTextAsync(rules, """
            rules:
              - { name: my-rule, kind: github, idPrefix: gh-mine, source: "'github'", event: { eventType: "'workitem:merged'" } }
            """);

        await using var sidecar = await SidecarProcess.StartAsync(directory.Combine("data"), "--Inbound:MappingFiles:0", rules);
        var metrics = await sidecar.GetAsync("/metrics");

        Assert.Contains("# HELP agentobs_inbound_items_total Items received from sources", metrics.Body, StringComparison.Ordinal);
        // The shipped rules (every source's file) and the operator's one.
        var shipped = Observability.Inbound.InboundMapping.Load();
        var kinds = string.Join(", ", shipped.Kinds.Append("github").Distinct().Order(StringComparer.Ordinal));
        await sidecar.AssertOutputContainsAsync($"Loaded {shipped.RuleCount + 1} inbound rules for the document kinds {kinds}");
    }
}
