using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Pipelines.Benchmarks -- --filter '*' [--job short]
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
