// Pipelines' library in a Cake build: Cake's own tasks and arguments, the library doing the work — no Pipelines runner.
//   dotnet cake --target UpdateConfigRepo      (V2: BuildImage -> PushImage -> UpdateConfigRepo)
//   dotnet cake --target Release               (V3's release manager: --image, or --update-all-images)
//   dotnet cake --target Rollback | Promote
// The library comes with the packaged tool: the CI job installs it first, as the templates in examples/ci do:
//   dotnet tool install Pipelines.Tool --version 0.1.0 --tool-path .tools --add-source "$PIPELINES_FEED"
// and this script references the assembly that install put under .tools/.store (change 0.1.0 with the tool's version);
// Cake finds the assemblies it depends on (LibGit2Sharp, YamlDotNet, KubernetesClient, Docker.DotNet…) beside it.
#r ".tools/.store/pipelines.tool/0.1.0/pipelines.tool/0.1.0/tools/net10.0/any/Pipelines.dll"

using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Pipelines.ConfigRepo;
using Pipelines.Diagnostics;
using Pipelines.Docker;
using Pipelines.Faults;
using Pipelines.Images;
using Pipelines.Registry;
using Pipelines.ReleaseManager;
using Pipelines.Releases;

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

// Values as Cake reads them: --name=value, else the environment variable the `pipelines` command reads too.
string Value(string name, string variable, string fallback = null) => Argument<string>(name, EnvironmentVariable(variable) ?? fallback);
var target = Argument("target", "UpdateConfigRepo");
var log = TextLog.To(Console.Out);
var ciCommit = EnvironmentVariable("GIT_COMMIT") ?? EnvironmentVariable("CI_COMMIT_SHA") ?? EnvironmentVariable("CIRCLE_SHA1") ?? EnvironmentVariable("GITHUB_SHA");
var registry = new RegistryOptions { Username = Value("registry-username", "PIPELINES_REGISTRY_USERNAME"), Password = EnvironmentVariable("REGISTRY_PASSWORD") };

// Where the release manager reads and writes: the same Connections the `pipelines` command fills from its parameters.
Connections Connections() => new()
{
    ConfigRepo = Value("config-repo", "PIPELINES_CONFIG_REPO") ?? throw new CakeException(2, "Set --config-repo (or PIPELINES_CONFIG_REPO): the config repo's URL or path."),
    WorkingDirectory = System.IO.Directory.GetCurrentDirectory(),
    CacheDirectory = System.IO.Path.GetFullPath(".pipelines/temp"),
    ConfigBranch = Value("config-branch", "PIPELINES_CONFIG_BRANCH", "main"),
    GitToken = EnvironmentVariable("GIT_TOKEN"),
    CiJob = ciCommit is null ? null : new CiJob("Cake", EnvironmentVariable("BUILD_NUMBER") ?? EnvironmentVariable("CI_JOB_ID"), EnvironmentVariable("BUILD_URL") ?? EnvironmentVariable("CI_JOB_URL")),
    Environment = System.Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value ?? ""),
    Kubernetes = new Pipelines.Kubernetes.KubernetesSettings
    {
        Selection = new Pipelines.Kubernetes.ClusterSelection { KubeconfigFiles = EnvironmentVariable("KUBECONFIG") },
    },
    Registry = registry,
};
OperationOptions Options() => new(Value("environment", "PIPELINES_ENVIRONMENT") ?? throw new CakeException(2, "Set --environment (or PIPELINES_ENVIRONMENT)."));
string Service() => Value("service", "PIPELINES_SERVICE") ?? throw new CakeException(2, "Set --service (or PIPELINES_SERVICE): the workload to change.");

// Runs one library call as a Cake task: its report printed, a failed workload or a fault failing the task with the message.
void Run(Func<Task<ReleaseReport>> operation)
{
    ReleaseReport report;
    try
    {
        report = operation().GetAwaiter().GetResult();
    }
    catch (Exception e) when (Fault.KindOf(e) is { } kind)
    {
        throw new CakeException(Fault.ExitCode(kind), e.Message);
    }
    foreach (var line in ReleaseReportRenderer.Table(report)) Information(line);
    if (report.AnyFailed) throw new CakeException(1, $"{report.Results.Count(r => r.Status == WorkloadStatus.Failed)} workload(s) failed; the report above says why.");
}

ReleaseOperations Operations() => new(Connections().Settings(log), log);

string built = null;
PushedImage pushed = null;

Task("BuildImage").Does(async () =>
{
    var repository = Value("repository", "PIPELINES_REPOSITORY") ?? throw new CakeException(2, "BuildImage needs --repository (or PIPELINES_REPOSITORY): the image repository, e.g. registry.example.com/team/app.");
    var folder = System.IO.Directory.GetCurrentDirectory();
    var tag = Value("tag", "PIPELINES_TAG") ?? SourceRevision.Find(ciCommit, folder).Tag ?? throw new CakeException(2, "No --tag and no commit to tag the image with.");
    var request = new BuildRequest(repository, tag, folder);
    using var docker = await DockerConnection.ConnectAsync(EnvironmentVariable("DOCKER_HOST"), CancellationToken.None);
    await new ImageBuilder(docker, log).BuildAsync(request);
    built = request.Image;
    Information($"built {built}");
});

Task("PushImage").IsDependentOn("BuildImage").Does(async () =>
{
    var image = ImageReference.Parse(Value("image", "PIPELINES_IMAGE") ?? built);
    using var docker = await DockerConnection.ConnectAsync(EnvironmentVariable("DOCKER_HOST"), CancellationToken.None);
    pushed = await new ImagePusher(docker, new RegistryCredentialResolver(registry), log).PushAsync(image);
    Information($"pushed {pushed.Reference}");
});

Task("UpdateConfigRepo").IsDependentOn("PushImage").Does(() =>
    Run(() => Operations().UpdateConfigRepoAsync(Options(), Service(), Value("container", "PIPELINES_CONTAINER"), pushed.Reference, force: false)));

Task("Release").Does(() =>
    Run(() => Operations().ReleaseAsync(Options(), new ReleaseRequest([Service()], All: false, Exclude: [], Image: Value("image", "PIPELINES_IMAGE"),
        UpdateAllImages: Value("image", "PIPELINES_IMAGE") is null))));

Task("Rollback").Does(() => Run(() => Operations().RollbackAsync(Options(), Service(), Value("to", "PIPELINES_TO"))));

Task("Promote").Does(() => Run(() => Operations().PromoteAsync(Options(), Value("from", "PIPELINES_FROM"), [Service()], force: false)));

RunTarget(target);
