using Pipelines.ProductTargets;
using Pipelines.Server;
using Pipelines.Targets;

// The packaged `pipelines` command: the product targets only (none of this repository's Compile, Test…),
// with its settings in .pipelines/ found from the working directory upward (or --root), so that it never
// reads or rewrites a Nuke build's .nuke/ files in the repositories it runs in.
return await Runner.RunAsync(args,
    new RunnerSettings { SettingsFolder = ".pipelines", ToolName = "pipelines", WorkingDirectoryIsDefaultRoot = true },
    // DockerTargets first: declaration order breaks ties in the plan, so `BuildImage PushImage UpdateConfigRepo`
    // pushes before it records what was pushed.
    new DockerTargets(), new ConfigRepoTargets(), new RegistryTargets(), new KubernetesTargets(), new ReleaseTargets(),
    // Watch, so that the service image (deploy/Dockerfile) runs the same tool.
    new WatchTargets());
