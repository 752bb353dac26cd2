using System.Text.Json.Nodes;
using Observability.Review.Checks;
using static Observability.Review.Tests.ReviewLog;

namespace Observability.Review.Tests;

public sealed class PrioritiesTests
{
    [Fact]
    public void Compute_GoalThenPriorityThenAge_KeepingChainOrder()
    {
        var log = new ReviewLog();
        log.Add("task:created", "a", Now.AddHours(-10), new JsonObject { ["priority"] = "low" });
        log.Add("task:created", "b", Now.AddHours(-9), new JsonObject { ["priority"] = "high" }, chain: "c1");
        log.Add("task:created", "c", Now.AddHours(-8), new JsonObject { ["priority"] = "critical" }, chain: "c1");
        log.Add("task:created", "d", Now.AddHours(-7));
        log.Add("task:created", "e", Now.AddHours(-6), new JsonObject { ["priority"] = "low" });
        log.Add("task:created", "running", Now.AddHours(-6));
        log.Add("task:started", "running", Now.AddHours(-5));
        log.Candidates();
        var goals = new List<GoalInput> { new("launch", "stalled", null, 1, ["e"]) };

        var order = Priorities.Compute(log.State, goals, Now, 100);

        // e serves a stalled goal; then critical c, but c follows b in chain c1, so b takes c's place and c comes next
        // (b's own place, by priority high); then low a; then d without a priority. The running task is not in the queue.
        Assert.Equal(["e", "b", "c", "a", "d"], order.Select(o => o.Task));
        Assert.Equal([5, 2, 3, 1, 4], order.Select(o => o.QueueRank));
        Assert.Equal(4, order[0].Move);
        Assert.Contains("serves goal launch, which is stalled", order[0].Reasons);
        Assert.Contains("after b, earlier in chain c1", order[2].Reasons);
        Assert.Equal(10, order[3].AgeHours!.Value, 9);
    }
}
