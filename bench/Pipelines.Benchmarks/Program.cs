using BenchmarkDotNet.Running;
using Pipelines.Benchmarks;

// dotnet run -c Release --project bench/Pipelines.Benchmarks -- --filter '*' [--job short]
// `registry [--tags N]` runs the whole-flow comparison with skopeo against a local distribution registry;
// `automation [--workloads N] [--tags T] [--filter F] [--rounds R]` times the registry reads of an automation cycle (each cycle
// a child process: `automation-cycle …`);
// `docker [--rounds N] [--assets-mb M]` compares BuildImage + PushImage with docker build + docker push;
// `scan --remote <bare repository> [--environment staging] [--passes 3]` times reading one environment (bench/scripts/scan-vs-pyyaml.sh);
// anything else goes to BenchmarkDotNet (e.g. `--filter *TagPolicy*`).
if (args is ["registry", ..])
    return await RegistryScenario.RunAsync(args[1..], Console.Out);
if (args is ["automation", ..])
    return await AutomationCycleScenario.RunAsync(args[1..], Console.Out);
if (args is ["automation-cycle", ..])
    return await AutomationCycleScenario.CycleAsync(args[1..], Console.Out);
if (args is ["docker", ..])
    return await DockerScenario.RunAsync(args[1..], Console.Out);
if (args is ["scan", ..])
    return await ScanScenario.RunAsync(args[1..], Console.Out);
BenchmarkSwitcher.FromAssembly(typeof(RegistryScenario).Assembly).Run(args);
return 0;
