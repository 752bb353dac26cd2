using System.Text.Json;
using Observability.Projections;

namespace Observability.Analytics.Runs;

/// <content>The run's state in the snapshot.</content>
internal sealed partial class RunState
{
    public void WriteTo(BinaryWriter writer)
    {
        writer.Write(Id);
        writer.Write(Exists);
        writer.WriteNullable(WsId);
        writer.WriteNullable(WpId);
        writer.WriteNullable(ScopeId);
        writer.WriteNullable(Executor);
        writer.WriteNullable(Model);
        writer.Write(Status);
        writer.Write(StatusTicks);
        writer.Write(StartTicks);
        writer.Write(FirstTicks);
        writer.Write(LastTicks);
        writer.WriteNullable(ReportedReworkCycles);
        writer.WriteNullable(ReportedCalls);
        writer.WriteNullable(ReportedInputTokens);
        writer.WriteNullable(ReportedOutputTokens);
        writer.WriteNullable(ReportedCost);
        writer.WriteNullable(TestsWritten);
        writer.WriteNullable(TestsPassing);
        writer.WriteNullable(TestsFailing);
        writer.WriteNullable(TestsSkipped);
        writer.WriteNullable(FileMetrics?.GetRawText());
        writer.Write(Calls);
        writer.Write(CallInputTokens);
        writer.Write(CallOutputTokens);
        writer.Write(CallCost);
        writer.Write(CallUnpricedInput);
        writer.Write(CallUnpricedOutput);
        writer.Write(Phases.Count);
        foreach (var p in Phases)
        {
            writer.Write(p.EventId);
            writer.WriteNullable(p.Sequence);
            writer.Write(p.Name);
            writer.WriteNullable(p.StartedAt);
            writer.Write(p.CompletedAt);
            writer.WriteNullable(p.DurationSeconds);
            writer.WriteNullable(p.Result);
            writer.WriteNullable(p.TestsWritten);
            writer.WriteNullable(p.TestsPassing);
            writer.WriteNullable(p.TestsFailing);
            writer.WriteNullable(p.FilesModified);
        }

        writer.Write(BugFixes.Count);
        foreach (var b in BugFixes)
        {
            writer.Write(b.Id);
            writer.Write(b.FixedAt);
            writer.Write(b.Autonomous);
            writer.WriteNullable(b.Description);
            writer.WriteNullable(b.RootCause);
            writer.WriteNullable(b.TestName);
            writer.WriteNullable(b.FixSummary);
            writer.Write(b.FilesModified.Count);
            foreach (var file in b.FilesModified)
            {
                writer.Write(file);
            }

            writer.WriteNullable(b.ScopeId);
        }

        writer.Write(CallsByPhase.Count);
        foreach (var (phase, usage) in CallsByPhase)
        {
            writer.Write(phase);
            usage.WriteTo(writer);
        }
    }

    public static RunState ReadFrom(BinaryReader reader)
    {
        var run = new RunState(reader.ReadString())
        {
            Exists = reader.ReadBoolean(),
            WsId = reader.ReadNullableString(),
            WpId = reader.ReadNullableString(),
            ScopeId = reader.ReadNullableString(),
            Executor = reader.ReadNullableString(),
            Model = reader.ReadNullableString(),
            Status = reader.ReadString(),
            StatusTicks = reader.ReadInt64(),
            StartTicks = reader.ReadInt64(),
            FirstTicks = reader.ReadInt64(),
            LastTicks = reader.ReadInt64(),
            ReportedReworkCycles = reader.ReadNullableInt32(),
            ReportedCalls = reader.ReadNullableInt32(),
            ReportedInputTokens = reader.ReadNullableInt64(),
            ReportedOutputTokens = reader.ReadNullableInt64(),
            ReportedCost = reader.ReadNullableDouble(),
            TestsWritten = reader.ReadNullableInt32(),
            TestsPassing = reader.ReadNullableInt32(),
            TestsFailing = reader.ReadNullableInt32(),
            TestsSkipped = reader.ReadNullableInt32(),
            FileMetrics = reader.ReadNullableString() is { } fileMetrics ? Element(fileMetrics) : null,
            Calls = reader.ReadInt32(),
            CallInputTokens = reader.ReadInt64(),
            CallOutputTokens = reader.ReadInt64(),
            CallCost = reader.ReadDouble(),
            CallUnpricedInput = reader.ReadInt64(),
            CallUnpricedOutput = reader.ReadInt64(),
        };
        var phases = reader.ReadCount();
        for (var i = 0; i < phases; i++)
        {
            run.Phases.Add(new PhaseRecord(
                reader.ReadString(), reader.ReadNullableInt32(), reader.ReadString(), reader.ReadNullableDateTimeOffset(), reader.ReadDateTimeOffset(),
                reader.ReadNullableDouble(), reader.ReadNullableString(), reader.ReadNullableInt32(), reader.ReadNullableInt32(),
                reader.ReadNullableInt32(), reader.ReadNullableInt32()));
        }

        var fixes = reader.ReadCount();
        for (var i = 0; i < fixes; i++)
        {
            var id = reader.ReadString();
            var fixedAt = reader.ReadDateTimeOffset();
            var autonomous = reader.ReadBoolean();
            var (description, rootCause, testName, fixSummary) =
                (reader.ReadNullableString(), reader.ReadNullableString(), reader.ReadNullableString(), reader.ReadNullableString());
            var files = new string[reader.ReadCount()];
            for (var f = 0; f < files.Length; f++)
            {
                files[f] = reader.ReadString();
            }

            run.BugFixes.Add(new BugFixRecord(id, run.Id, fixedAt, autonomous, description, rootCause, testName, fixSummary, files, reader.ReadNullableString()));
        }

        var byPhase = reader.ReadCount();
        for (var i = 0; i < byPhase; i++)
        {
            run.CallsByPhase.Add(reader.ReadString(), CostAccumulator.ReadFrom(reader));
        }

        return run;
    }

    private static JsonElement Element(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
