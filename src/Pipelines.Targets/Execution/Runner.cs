using System.Collections;
using System.Linq.Expressions;
using Pipelines.Targets.CiConfiguration;
using Pipelines.Targets.Definitions;
using Pipelines.Targets.Execution;
using Pipelines.Targets.Output;
using Pipelines.Targets.Parameters;
using Pipelines.Targets.Planning;

namespace Pipelines.Targets;

/// <summary>
/// The entry point: parses the command line, resolves parameters, plans, runs, and prints the summary.
/// Exit codes: 0 success; 1 a target failed; 2 bad usage (unknown target or parameter, missing required
/// parameter, bad value, cycle). Nothing else decides exit codes.
/// </summary>
public static class Runner
{
    public const int Succeeded = 0;
    public const int TargetFailed = 1;
    public const int UsageError = 2;

    public static async Task<int> RunAsync(string[] args, RunnerSettings settings, params TargetSet[] sets)
    {
        // The one place the process's environment and working directory are read; everything else (parameters, the CI host,
        // colour, BuildContext for the targets) is given these.
        if (settings.Environment is null) RuntimeSettings.RemoveFromEnvironment();
        var environment = settings.Environment ?? ReadEnvironment();
        var masker = new SecretMasker();
        var stdout = new MaskingWriter(settings.Stdout, masker);
        var stderr = new MaskingWriter(settings.Stderr, masker);
        var host = CiHost.Detect(environment);
        var palette = new Palette(Palette.ShouldColour(environment, host, settings.StderrIsTerminal ?? !Console.IsErrorRedirected));
        var log = new Log(stderr, Verbosity.Normal, palette);
        try
        {
            // A set given to an earlier run must not read that run's values, nor take them for its defaults.
            foreach (var set in sets) set.ParameterValues = null;
            var targets = TargetDiscovery.Discover(sets);
            var parameters = ParameterCatalog.Discover(sets);
            // The declarations first: the command line's short options (-o) are the parameters'.
            var invocation = CommandLine.Parse(args, parameters.Where(p => p.ShortName is not null).ToDictionary(p => p.ShortName!.Value, p => p.CommandLineName));
            log = new Log(stderr, ParseVerbosity(invocation.Verbosity), palette);
            if (invocation.Version)
            {
                stdout.WriteLine($"{settings.ToolName} {settings.Version ?? ProductVersion()}");
                return Succeeded;
            }
            var workingDirectory = Path.GetFullPath(settings.WorkingDirectory ?? Directory.GetCurrentDirectory());
            var root = FindRoot(invocation.Root, workingDirectory, settings);
            var settingsDirectory = Path.Combine(root, settings.SettingsFolder);

            var files = SettingsFiles.Read(settingsDirectory, invocation.Profiles, parameters, workingDirectory);
            ParameterResolver.Resolve(parameters, invocation, environment, files, masker, settings.ToolName);
            var values = new ParameterValues(parameters);
            foreach (var set in sets) set.ParameterValues = values;
            SchemaFile.Update(settingsDirectory, parameters, DeclaringAssemblies(sets));

            if (invocation.Help)
            {
                var width = TerminalWidth.Of(settings.Stdout, environment);
                var lines = invocation.Targets.Count == 0
                    ? HelpText.Render(settings.ToolName, targets, settings.DefaultTarget, parameters, settings.SettingsFolder, palette, width, settings.GroupOrder)
                    : invocation.Targets.Select(name => Find(name, targets, settings)).Distinct()
                        .SelectMany((name, i) => (i == 0 ? [] : new[] { "" }).Concat(TargetHelpText.Render(settings.ToolName, targets.First(t => t.Name == name), parameters, palette, width)));
                foreach (var line in lines.ToList()) stdout.WriteLine(line);
                return Succeeded;
            }

            if (invocation.GenerateConfiguration is { } system)
            {
                GenerateConfiguration(CiSystems.Parse(system), invocation, targets, parameters, root, settings, log);
                return Succeeded;
            }

            var invoked = ResolveInvoked(invocation, targets, settings);
            var skipped = ResolveSkipped(invocation, targets, invoked);
            var plan = Planner.Plan(targets, invoked);

            if (invocation.Plan)
            {
                foreach (var line in PlanText.Render(plan, invoked, skipped, palette)) stdout.WriteLine(line);
                var html = Path.Combine(settingsDirectory, "temp", "execution-plan.html");
                Directory.CreateDirectory(Path.GetDirectoryName(html)!);
                await File.WriteAllTextAsync(html, PlanText.Html(targets, plan.Select(p => p.Name).ToList(), invoked));
                stdout.WriteLine($"Graph: {html}");
                return Succeeded;
            }

            // Given before anything asks the sets: ParameterProblems may read the context as targets do.
            var context = new BuildContext(root, settingsDirectory, host, log, stdout, invoked, workingDirectory, environment);
            foreach (var set in sets) set.Context = context;

            CheckRequirements(plan, skipped, parameters, settings);
            CheckParameterCombinations(plan, skipped);
            if (UnusedParameters.Warning(plan, skipped, invoked, parameters, targets) is { } unused) log.Warn(unused);

            if (!invocation.NoLogo) log.At(Verbosity.Minimal, palette.Bold(settings.Logo) + palette.Dim($" · {host.Name}"));
            var outcomes = await new Executor(host, log, settings.Clock) { Context = context, DeadlineGrace = settings.DeadlineGrace }.RunAsync(plan, skipped);
            var failed = outcomes.Any(o => o.Status == TargetStatus.Failed);

            log.Always("");
            foreach (var line in SummaryTable.Render(outcomes, palette)) log.Always(line);
            log.Always("");
            log.Always(failed ? palette.Red("Build failed.") : palette.Green("Build succeeded."));
            if (context.ClosingLine is { } closing) log.Always(closing);
            return !failed ? Succeeded : outcomes.Any(o => o.WasUsageError) ? UsageError : TargetFailed;
        }
        catch (UsageException usage)
        {
            log.Error("error: " + usage.Message);
            return UsageError;
        }
        catch (BuildDefinitionException definition)
        {
            // One line per mistake (every parameter declared twice, say), each saying what it is.
            foreach (var line in definition.Message.Split(Environment.NewLine)) log.Error("error in the build definition: " + line);
            return UsageError;
        }
        finally
        {
            await stdout.FlushAsync();
            await stderr.FlushAsync();
        }
    }

    /// <summary><c>--generate-configuration</c>: the CI file for the invoked targets (<c>--invoked-targets</c>, else
    /// the targets named first), with their parameters as variables and their secrets from the CI system's store.</summary>
    private static void GenerateConfiguration(CiSystem system, Invocation invocation, IReadOnlyList<TargetNode> targets,
        IReadOnlyList<ParameterDefinition> parameters, string root, RunnerSettings settings, Log log)
    {
        var invoked = ResolveInvoked(invocation with { Targets = invocation.InvokedTargets ?? invocation.Targets }, targets, settings);
        var plan = Planner.Plan(targets, invoked);
        foreach (var secret in parameters.Where(p => p.IsSecret && p.Source == "command line"))
        {
            log.Warn($"--{secret.CommandLineName} is a secret: its value is not written into the file, which binds it from the CI system's secret store.");
        }
        var generatedBy = $"{settings.ToolName} --generate-configuration {CiSystems.Keyword(system)} --invoked-targets {string.Join(' ', invoked)}";
        var request = CiConfigurationRequestBuilder.Build(system, plan, invoked, parameters, settings.CiTool ?? new CiToolInvocation(settings.ToolName, []),
            generatedBy, settings.SettingsFolder);
        var path = Path.Combine(root, CiSystems.FileName(system));
        var outcome = CiConfigurationFile.Write(root, system, CiConfigurationText.Render(request), invocation.Overwrite, settings.ToolName);
        log.Info(outcome == CiConfigurationFile.Outcome.Unchanged
            ? $"{path} is up to date."
            : $"Wrote {path}: runs {string.Join(" -> ", request.Plan)}.");
        foreach (var secret in request.Secrets) log.Info($"  secret {secret.Variable} ({secret.Id}) comes from the CI system's secret store; set it up there.");
    }

    // The runner's own version: the product's, whichever program hosts it (the build's own version is its authors').
    private static string ProductVersion() =>
        (typeof(Runner).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "0.0.0").Split('+')[0];

    private static Verbosity ParseVerbosity(string? text)
    {
        if (text is null) return Verbosity.Normal;
        var match = Enum.GetNames<Verbosity>().FirstOrDefault(n => Naming.Normalize(n) == Naming.Normalize(text));
        return match is not null
            ? Enum.Parse<Verbosity>(match)
            : throw new UsageException($"--verbosity {text}: expected quiet, minimal, normal or verbose.");
    }

    private static string FindRoot(string? givenRoot, string workingDirectory, RunnerSettings settings)
    {
        if (givenRoot is not null)
        {
            var full = Path.GetFullPath(givenRoot, workingDirectory);
            return Directory.Exists(full) ? full : throw new UsageException($"--root {givenRoot}: no such directory ({full}).");
        }
        for (var directory = new DirectoryInfo(workingDirectory); directory is not null; directory = directory.Parent)
        {
            if (Directory.Exists(Path.Combine(directory.FullName, settings.SettingsFolder))) return directory.FullName;
        }
        if (settings.WorkingDirectoryIsDefaultRoot) return workingDirectory;
        throw new UsageException(
            $"No {settings.SettingsFolder}/ folder in {workingDirectory} or any folder above it. Run {settings.ToolName} inside the repository, or pass --root <dir>.");
    }

    private static List<string> ResolveInvoked(Invocation invocation, IReadOnlyList<TargetNode> targets, RunnerSettings settings)
    {
        if (invocation.Targets.Count == 0)
        {
            return settings.DefaultTarget is { } fallback
                ? [fallback]
                : throw new UsageException($"Name a target to run: {string.Join(", ", targets.Select(t => t.Name))}. See {settings.ToolName} --help.");
        }
        return invocation.Targets.Select(name => Find(name, targets, settings)).Distinct().ToList();
    }

    private static IReadOnlySet<string> ResolveSkipped(Invocation invocation, IReadOnlyList<TargetNode> targets, IReadOnlyList<string> invoked)
    {
        if (invocation.Skip is null) return new HashSet<string>();
        // `--skip` alone skips everything that was not invoked by name (Nuke's behaviour).
        if (invocation.Skip.Count == 0) return targets.Select(t => t.Name).Except(invoked).ToHashSet();
        return invocation.Skip.Select(name => Find(name, targets, null)).ToHashSet();
    }

    private static string Find(string name, IReadOnlyList<TargetNode> targets, RunnerSettings? settings)
    {
        var match = targets.FirstOrDefault(t => Naming.Normalize(t.Name) == Naming.Normalize(name));
        if (match is not null) return match.Name;
        var closest = Naming.Closest(name, targets.Select(t => t.Name));
        throw new UsageException(
            $"Unknown target '{name}'." + (closest.Count > 0 ? $" Did you mean {string.Join(" or ", closest)}?" : "") +
            $" Targets: {string.Join(", ", targets.Select(t => t.Name))}.");
    }

    private static void CheckRequirements(IReadOnlyList<TargetNode> plan, IReadOnlySet<string> skipped, IReadOnlyList<ParameterDefinition> parameters, RunnerSettings settings)
    {
        var missing = new List<string>();
        foreach (var target in plan.Where(t => !skipped.Contains(t.Name)))
        {
            foreach (var requirement in target.Definition?.RequiredParameters ?? [])
            {
                if (HasValue(TargetDefinition.ValueOf(requirement))) continue;
                var memberName = TargetDefinition.MemberNameOf(requirement);
                var parameter = parameters.FirstOrDefault(p => p.MemberName == memberName);
                missing.Add(parameter is null
                    ? $"{target.Name} requires {memberName}."
                    : $"{target.Name} requires --{parameter.CommandLineName} (or {parameter.EnvironmentVariable}, or \"{parameter.MemberName}\" in {settings.SettingsFolder}/parameters.json): {parameter.Description}");
            }
        }
        if (missing.Count > 0) throw new UsageException(string.Join(Environment.NewLine + "error: ", missing.Distinct()));
    }

    private static void CheckParameterCombinations(IReadOnlyList<TargetNode> plan, IReadOnlySet<string> skipped)
    {
        var problems = plan.Where(t => !skipped.Contains(t.Name)).Select(t => t.Definition?.Owner).OfType<TargetSet>().Distinct()
            .SelectMany(set => set.CheckParameters()).Distinct().ToList();
        if (problems.Count > 0) throw new UsageException(string.Join(Environment.NewLine + "error: ", problems));
    }

    // Parameters are declared by the sets' classes, their base classes and the components they implement, which may live in
    // other assemblies.
    private static IEnumerable<System.Reflection.Assembly> DeclaringAssemblies(IEnumerable<TargetSet> sets) =>
        sets.SelectMany(s => Ancestry(s.GetType()).Concat(s.GetType().GetInterfaces())).Select(t => t.Assembly).Distinct();

    private static IEnumerable<Type> Ancestry(Type? type)
    {
        for (; type is not null; type = type.BaseType) yield return type;
    }

    private static bool HasValue(object? value) => value switch
    {
        null => false,
        string text => text.Length > 0,
        ICollection collection => collection.Count > 0,
        _ => true,
    };

    private static IReadOnlyDictionary<string, string> ReadEnvironment()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables()) variables[(string)entry.Key] = (string?)entry.Value ?? "";
        return variables;
    }
}
