using CsCheck;
using Pipelines.Tests.Registry;
using Xunit.Abstractions;

namespace Pipelines.Tests.Model;

/// <summary>
/// The release manager keeps its promises under any sequence of operations: seeded random sequences of releases (one, all,
/// automated), rollbacks, promotions, locks, policy changes, unrejects, CI jobs' UpdateConfigRepo, good and bad builds,
/// out-of-band changes followed by Sync or Sync --adopt, and concurrent pairs as separate processes — against a real git
/// server, the real registry and the Kubernetes API emulator, every promise checked after every step (see ModelRun). Besides
/// two plain environments applied to the cluster, a third is rendered by a GitOps agent (kustomize overlay, declared Helm
/// values, Flux markers, an Argo CD Application; --apply false), its commits checked as the renderer sees them (RenderedAudit).
/// A failure prints the seed (set SOAK_SEED to replay) and the shortest failing sequence found.
/// </summary>
public sealed class ModelBasedTests(AnonymousRegistry registry, ITestOutputHelper output) : IClassFixture<AnonymousRegistry>
{
    /// <summary>60 operations in ./build.sh Test; the Soak target sets SOAK_OPERATIONS (300 by default there) and SOAK_SHRINK_MINUTES.</summary>
    [Fact]
    public async Task Any_sequence_of_operations_keeps_every_promise()
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("SOAK_OPERATIONS"), out var n) ? n : 60;
        var shrinkFor = TimeSpan.FromMinutes(double.TryParse(Environment.GetEnvironmentVariable("SOAK_SHRINK_MINUTES"), out var m) ? m : 3);
        var seed = Environment.GetEnvironmentVariable("SOAK_SEED");
        var run = new ModelRun(registry, line => output.WriteLine(line));
        await ModelOperation.Any.Array[count].SampleAsync(async operations =>
        {
            if (await run.FirstViolationAsync(operations) is not { } violation) return;
            var shortest = await new SequenceShrinker(new ModelRun(registry, _ => { }), shrinkFor).ShrinkAsync(operations);
            throw new Exception($"A promise broke {violation}\nShortest failing sequence found ({shortest.Count} operations):\n" +
                string.Join("\n", shortest.Select((o, i) => $"  {i + 1}. {o}")));
        }, seed: seed, iter: 1, threads: 1, print: operations => $"{operations.Length} operations");
    }
}
