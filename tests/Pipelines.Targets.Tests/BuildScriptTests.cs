using System.Diagnostics;

namespace Pipelines.Targets.Tests;

/// <summary>
/// The real <c>./build.sh</c>, run as a process from a temporary copy of a tiny build that uses this
/// repository's runner: the bootstrap, the compile-once behaviour, arguments passed through, exit codes.
/// </summary>
public class BuildScriptTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pipelines-buildsh-").FullName;

    public BuildScriptTests()
    {
        var repository = RepositoryRoot();
        foreach (var file in new[] { "build.sh", "global.json", "Directory.Build.props", "Directory.Packages.props" })
        {
            File.Copy(Path.Combine(repository, file), Path.Combine(_root, file));
        }
        CopySources(Path.Combine(repository, "src", "Pipelines.Targets"), Path.Combine(_root, "src", "Pipelines.Targets"));
        // The rules the runner shares with the library (one source in src/Shared, linked by both projects).
        CopySources(Path.Combine(repository, "src", "Shared"), Path.Combine(_root, "src", "Shared"));
        Directory.CreateDirectory(Path.Combine(_root, ".nuke"));
        Directory.CreateDirectory(Path.Combine(_root, "build"));
        File.WriteAllText(Path.Combine(_root, "build", "_build.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType></PropertyGroup>
              <ItemGroup><ProjectReference Include="..\src\Pipelines.Targets\Pipelines.Targets.csproj" /></ItemGroup>
            </Project>
            """);
        WriteBuild("Hello");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Compiles_once_runs_targets_and_passes_arguments_through()
    {
        var first = Run("Greet", "--name", "World");
        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Contains("compiling build/", first.Stderr);
        Assert.Equal("Hello World\n", first.Stdout);
        Assert.Contains("Build succeeded.", first.Stderr);

        var second = Run("Greet", "--name", "again");
        Assert.Equal(0, second.ExitCode);
        Assert.DoesNotContain("compiling build/", second.Stderr);
        Assert.Equal("Hello again\n", second.Stdout);

        // A changed source under build/ is compiled before the next run.
        Thread.Sleep(1100); // file times of one second's resolution must differ
        WriteBuild("Goodbye");
        var third = Run("Greet", "--name", "World");
        Assert.Contains("compiling build/", third.Stderr);
        Assert.Equal("Goodbye World\n", third.Stdout);
    }

    [Fact]
    public void Exit_codes_are_0_1_and_2()
    {
        var help = Run("--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("Greet", help.Stdout);
        Assert.Contains("--name <string>", help.Stdout);

        var unknown = Run("Nope");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("Unknown target 'Nope'", unknown.Stderr);

        var failing = Run("Fail");
        Assert.Equal(1, failing.ExitCode);
        Assert.Contains("Fail failed: as asked", failing.Stderr);
    }

    [Fact]
    public void Environment_and_parameters_json_reach_the_build()
    {
        File.WriteAllText(Path.Combine(_root, ".nuke", "parameters.json"), """{ "Name": "from json" }""");
        Assert.Equal("Hello from json\n", Run("Greet").Stdout);
        Assert.Equal("Hello from env\n", Run(new Dictionary<string, string> { ["PIPELINES_NAME"] = "from env" }, "Greet").Stdout);
    }

    [Fact]
    public void Runtime_settings_of_build_sh_reach_its_process_but_not_the_processes_it_runs()
    {
        var plain = Run("ChildEnvironment");
        Assert.True(plain.ExitCode == 0, plain.Stderr);
        // W^X off: the runtime maps no second, writable view of its code ("doublemapper").
        Assert.Equal("double mapped: False\n", plain.Stdout);

        // A value the user set is theirs: it reaches the processes the build runs, and the runtime honours it.
        var users = Run(new Dictionary<string, string> { ["DOTNET_EnableWriteXorExecute"] = "1" }, "ChildEnvironment");
        Assert.Equal("double mapped: True\nDOTNET_EnableWriteXorExecute=1\n", users.Stdout);
    }

    private void WriteBuild(string greeting) => File.WriteAllText(Path.Combine(_root, "build", "Build.cs"), $$"""
        using Pipelines.Targets;

        sealed class Build : TargetSet
        {
            public static Task<int> Main(string[] args) => Runner.RunAsync(args,
                new RunnerSettings { SettingsFolder = ".nuke", ToolName = "./build.sh" }, new Build());

            [Parameter("Who to greet.")] public string Name { get; set; } = "nobody";

            Target Greet => _ => _.Executes(() => Context.Results.WriteLine($"{{greeting}} {Name}"));

            Target Fail => _ => _.Executes(() => throw new BuildFailure("as asked"));

            Target ChildEnvironment => _ => _.Executes(() =>
            {
                Context.Results.WriteLine($"double mapped: {File.ReadAllText("/proc/self/maps").Contains("doublemapper")}");
                var start = new System.Diagnostics.ProcessStartInfo("bash", ["-c",
                    "env | grep -E '^(DOTNET_TC_CallCountingDelayMs|DOTNET_EnableWriteXorExecute|PIPELINES_RUNTIME_SETTINGS)=' | sort; true"])
                    { RedirectStandardOutput = true };
                using var child = System.Diagnostics.Process.Start(start)!;
                Context.Results.Write(child.StandardOutput.ReadToEnd());
                child.WaitForExit();
            });
        }
        """);

    private (int ExitCode, string Stdout, string Stderr) Run(params string[] args) => Run(new Dictionary<string, string>(), args);

    private (int ExitCode, string Stdout, string Stderr) Run(Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = _root, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(_root, "build.sh"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        // The test host's MSBuild and CI variables must not leak into the nested build.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)
                     || k.StartsWith("PIPELINES_", StringComparison.Ordinal) || k.StartsWith("VSTEST", StringComparison.Ordinal)
                     || k is "GITLAB_CI" or "GITHUB_ACTIONS" or "CIRCLECI" or "JENKINS_HOME" or "JENKINS_URL").ToList())
        {
            start.Environment.Remove(name);
        }
        start.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("build.sh did not finish within 10 minutes; stderr so far: " + stderr);
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private static void CopySources(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar)[0] is "bin" or "obj") continue;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(to, relative))!);
            File.Copy(file, Path.Combine(to, relative));
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "build.sh")) && File.Exists(Path.Combine(directory.FullName, "Pipelines.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException("The repository root (with build.sh and Pipelines.sln) is not above " + AppContext.BaseDirectory);
    }
}
