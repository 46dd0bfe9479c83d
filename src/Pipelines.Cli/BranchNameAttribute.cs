using Pipelines.ConfigRepo;
using Pipelines.Targets;

namespace Pipelines.Cli;

/// <summary>On a parameter: its value must be a branch name git accepts (<see cref="BranchName"/>).</summary>
public sealed class BranchNameAttribute : ValueRuleAttribute
{
    public override string? Problem(string value) => BranchName.Problem(value) is { } problem
        ? $"is not a valid git branch name: {problem} (git check-ref-format --branch). Write a branch name git accepts, e.g. main or pipelines-lock."
        : null;
}
