// Pipelines' targets as Cake tasks, so a Cake build chains them like its own tasks:
//   dotnet cake --target UpdateConfigRepo      (V2: BuildImage -> PushImage -> UpdateConfigRepo)
//   dotnet cake --target SetImage              (V1)
//   dotnet cake --target Release               (V3's release manager)
// The library comes with the packaged tool: the CI job installs it first, as the templates in examples/ci do:
//   dotnet tool install Pipelines.Tool --version 0.1.0 --tool-path .tools --add-source "$PIPELINES_FEED"
// and this script references the assemblies that install put under .tools/.store (change 0.1.0 with the tool's version).
#r ".tools/.store/pipelines.tool/0.1.0/pipelines.tool/0.1.0/tools/net10.0/any/Pipelines.Targets.dll"
#r ".tools/.store/pipelines.tool/0.1.0/pipelines.tool/0.1.0/tools/net10.0/any/Pipelines.dll"
#r ".tools/.store/pipelines.tool/0.1.0/pipelines.tool/0.1.0/tools/net10.0/any/Pipelines.Cli.dll"
#r ".tools/.store/pipelines.tool/0.1.0/pipelines.tool/0.1.0/tools/net10.0/any/LibGit2Sharp.dll"

using System.Runtime.InteropServices;
using Pipelines.Cli;
using Pipelines.Targets;

// Cake loads the assemblies without the tool's deps.json, so LibGit2Sharp cannot find its native library under
// runtimes/<rid>/native; its GlobalSettings.NativeLibraryPath looks there for the name without the "lib" prefix.
var library = ".tools/.store/pipelines.tool/0.1.0/pipelines.tool/0.1.0/tools/net10.0/any";
var native = System.IO.Path.GetFullPath($"{library}/runtimes/{RuntimeInformation.RuntimeIdentifier}/native");
var linked = System.IO.Path.GetFullPath(".tools/cake-native");
System.IO.Directory.CreateDirectory(linked);
foreach (var file in System.IO.Directory.GetFiles(native, "*git2*"))
{
    var link = System.IO.Path.Combine(linked, System.IO.Path.GetFileName(file).Replace("libgit2", "git2"));
    if (!System.IO.File.Exists(link)) System.IO.File.CreateSymbolicLink(link, file);
}
LibGit2Sharp.GlobalSettings.NativeLibraryPath = linked;

// Parameters are read as by the `pipelines` command: PIPELINES_<NAME> variables (PIPELINES_REPOSITORY,
// PIPELINES_CONFIG_REPO, PIPELINES_ENVIRONMENT, PIPELINES_SERVICE …), REGISTRY_PASSWORD, GIT_TOKEN, KUBECONFIG,
// DOCKER_HOST, and .pipelines/parameters.json. Secrets are masked in everything Pipelines writes.
var target = Argument("target", "UpdateConfigRepo");

// One instance of each target set for the whole Cake run, so that what BuildImage built is what PushImage pushes.
var sets = new TargetSet[] { new DockerTargets(), new ConfigRepoTargets(), new RegistryTargets(), new KubernetesTargets(), new ReleaseTargets() };

// Runs one Pipelines target; Cake has already run the tasks it depends on, so `--skip` leaves Pipelines' own
// dependencies to Cake's order.
void Pipelines(string name)
{
    var settings = new RunnerSettings { SettingsFolder = ".pipelines", ToolName = "dotnet cake", WorkingDirectoryIsDefaultRoot = true };
    var exitCode = Runner.RunAsync(new[] { name, "--skip", "--no-logo" }, settings, sets).GetAwaiter().GetResult();
    if (exitCode != Runner.Succeeded) throw new CakeException(exitCode, $"Pipelines' {name} failed (exit code {exitCode}); its log above says why.");
}

Task("BuildImage").Does(() => Pipelines("BuildImage"));
Task("PushImage").IsDependentOn("BuildImage").Does(() => Pipelines("PushImage"));
Task("SetImage").IsDependentOn("PushImage").Does(() => Pipelines("SetImage"));
Task("UpdateConfigRepo").IsDependentOn("PushImage").Does(() => Pipelines("UpdateConfigRepo"));
Task("Release").Does(() => Pipelines("Release"));
Task("Rollback").Does(() => Pipelines("Rollback"));
Task("Promote").Does(() => Pipelines("Promote"));

RunTarget(target);
