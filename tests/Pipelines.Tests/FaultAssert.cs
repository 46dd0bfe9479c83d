using Pipelines.Faults;

namespace Pipelines.Tests;

/// <summary>Asserts the library failed with the kind of fault a user's exit code and HTTP status follow from.</summary>
internal static class FaultAssert
{
    /// <summary>A <see cref="FaultKind.Usage"/> fault: the caller must fix the command (exit 2, HTTP 400).</summary>
    public static PipelinesException Usage(Action action) => OfKind(FaultKind.Usage, Assert.Throws<PipelinesException>(action));

    /// <summary>A <see cref="FaultKind.Failed"/> fault: the operation ran and failed (exit 1).</summary>
    public static async Task<PipelinesException> FailedAsync(Func<Task> action) => OfKind(FaultKind.Failed, await Assert.ThrowsAsync<PipelinesException>(action));

    private static PipelinesException OfKind(FaultKind kind, PipelinesException fault)
    {
        Assert.True(fault.Kind == kind, $"expected a {kind} fault, got {fault.Kind}: {fault.Message}");
        return fault;
    }
}
