using System.Text.Json;
using Observability.Events;
using Observability.Learning.Playbook;
using Observability.Learning.Reflection;

namespace Observability.Learning;

/// <summary>The playbook's part of the fold: reflection runs and outcomes.</summary>
public sealed partial class LearningProjection
{
    private void ApplyRun(in StoredEvent e)
    {
        using var document = JsonDocument.Parse(e.Payload);
        if (!document.RootElement.TryGetProperty("metadata", out var metadata) || metadata.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var trigger = metadata.TryGetProperty("trigger", out var t) && t.GetString() == LearningNames.Scheduled ? LearningNames.Scheduled : LearningNames.Demand;
        int rules = 0, antiPatterns = 0;
        foreach (var rule in ReflectionEvents.Rules(metadata))
        {
            if (rule.Kind == LearningNames.AntiPattern)
            {
                antiPatterns++;
                if (!_rules.ContainsKey(rule.Id))
                {
                    AntiPatternsDetected++;
                }
            }
            else
            {
                rules++;
            }

            _rules[rule.Id] = rule;
        }

        while (_rules.Count > _options.MaxRules)
        {
            var oldest = _rules.Values.MinBy(r => Confidence.LastEvidence(r, _outcomes.GetValueOrDefault(r.Id)))!;
            _rules.Remove(oldest.Id);
            _outcomes.Remove(oldest.Id);
        }

        _runs[trigger == LearningNames.Scheduled ? 0 : 1]++;
        if (trigger == LearningNames.Scheduled)
        {
            LastScheduledAt = e.Timestamp;
        }

        LastRun = new RunSummary(
            e.Id, trigger, e.Timestamp, Count(metadata, "failurePatternCount"), Count(metadata, "successPatternCount"), rules, antiPatterns);
    }

    private void ApplyOutcome(in StoredEvent e)
    {
        var outcome = e.Metadata.Text("outcome"u8);
        if (outcome is not (LearningNames.Success or LearningNames.Failure))
        {
            return;
        }

        _outcomeCounts[outcome == LearningNames.Success ? 0 : 1]++;
        using var document = JsonDocument.Parse(e.Payload);
        if (!document.RootElement.TryGetProperty("metadata", out var metadata))
        {
            return;
        }

        foreach (var id in OutcomeEvents.RuleIds(metadata).Distinct(StringComparer.Ordinal))
        {
            if (!_rules.ContainsKey(id))
            {
                continue;
            }

            if (!_outcomes.TryGetValue(id, out var tally))
            {
                _outcomes[id] = tally = new OutcomeTally();
            }

            if (outcome == LearningNames.Success)
            {
                tally.Successes++;
            }
            else
            {
                tally.Failures++;
            }

            tally.LastAt = tally.LastAt is { } last && last > e.Timestamp ? last : e.Timestamp;
        }
    }

    private static int Count(JsonElement metadata, string name) =>
        metadata.TryGetProperty(name, out var v) && v.TryGetInt32(out var n) ? n : 0;
}
