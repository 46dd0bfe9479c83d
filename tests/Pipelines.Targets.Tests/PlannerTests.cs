using Pipelines.Targets.Planning;

namespace Pipelines.Targets.Tests;

public class PlannerTests
{
    private static TargetNode Node(string name, int index, string[]? dependsOn = null, string[]? after = null, string[]? before = null, string[]? triggers = null) =>
        new(name, index, null, dependsOn ?? [], after ?? [], before ?? [], triggers ?? []);

    private static string Plan(IReadOnlyList<TargetNode> targets, params string[] invoked) =>
        string.Join(" ", Planner.Plan(targets, invoked).Select(t => t.Name));

    [Fact]
    public void Dependencies_run_first_and_join_the_plan()
    {
        var targets = new[] { Node("Test", 0, ["Compile"]), Node("Compile", 1, ["Restore"]), Node("Restore", 2), Node("Pack", 3) };
        Assert.Equal("Restore Compile Test", Plan(targets, "Test"));
    }

    [Fact]
    public void Independent_targets_keep_declaration_order()
    {
        var targets = new[] { Node("A", 0), Node("B", 1), Node("C", 2), Node("All", 3, ["C", "A", "B"]) };
        Assert.Equal("A B C All", Plan(targets, "All"));
    }

    [Fact]
    public void After_and_before_order_without_adding_targets()
    {
        var targets = new[] { Node("Compile", 0), Node("Clean", 1, before: ["Compile"]), Node("Publish", 2, after: ["Test"]), Node("Test", 3) };
        Assert.Equal("Clean Compile", Plan(targets, "Compile", "Clean"));
        Assert.Equal("Compile", Plan(targets, "Compile"));
        Assert.Equal("Test Publish", Plan(targets, "Publish", "Test"));
    }

    [Fact]
    public void Triggered_targets_join_the_plan_after_the_trigger()
    {
        var targets = new[] { Node("Notify", 0), Node("Deploy", 1, ["Compile"], triggers: ["Notify"]), Node("Compile", 2) };
        Assert.Equal("Compile Deploy Notify", Plan(targets, "Deploy"));
    }

    [Fact]
    public void Shared_dependency_runs_once()
    {
        var targets = new[] { Node("Restore", 0), Node("Compile", 1, ["Restore"]), Node("Test", 2, ["Restore", "Compile"]) };
        Assert.Equal("Restore Compile Test", Plan(targets, "Test", "Compile"));
    }

    [Fact]
    public void A_cycle_is_a_usage_error_naming_the_cycle()
    {
        var targets = new[] { Node("A", 0, ["C"]), Node("B", 1, ["A"]), Node("C", 2, ["B"]), Node("D", 3, ["A"]) };
        var error = Assert.Throws<UsageException>(() => Planner.Plan(targets, ["D"]));
        Assert.Contains("cycle", error.Message);
        Assert.Contains("A -> B -> C -> A", error.Message);
    }

    [Fact]
    public void A_cycle_through_before_and_after_is_found_too()
    {
        var targets = new[] { Node("A", 0, before: ["B"]), Node("B", 1, before: ["A"]) };
        var error = Assert.Throws<UsageException>(() => Planner.Plan(targets, ["A", "B"]));
        Assert.Contains("A -> B -> A", error.Message);
    }
}
