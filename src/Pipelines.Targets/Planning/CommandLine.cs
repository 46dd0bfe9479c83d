namespace Pipelines.Targets.Planning;

/// <summary>
/// Parses <c>./build.sh A B --param-name value --flag</c>: leading words are targets, then options,
/// each followed by its values up to the next option. <c>--name=value</c> also works, and so do a parameter's one-letter
/// alias (<c>-o json</c>, <c>-o=json</c>, <c>-ojson</c>) and <c>--</c>, after which every word is a value (of the option
/// before it), however it starts: <c>--message -- "--urgent fix"</c>. A word such as <c>-1</c> is a value, not an option.
/// </summary>
internal static class CommandLine
{
    public static readonly string[] BuiltInOptions =
        ["target", "skip", "help", "version", "plan", "verbosity", "root", "profile", "no-logo", "generate-configuration", "invoked-targets", "overwrite"];

    /// <param name="args">The words after the program's name.</param>
    /// <param name="shortNames">Each parameter's one-letter alias and the name it stands for (<c>o</c> → <c>output</c>).</param>
    public static Invocation Parse(IReadOnlyList<string> args, IReadOnlyDictionary<char, string>? shortNames = null)
    {
        shortNames ??= new Dictionary<char, string>();
        var targets = new List<string>();
        var options = new List<(string Name, List<string> Words)>();
        var literal = false;
        foreach (var arg in args)
        {
            if (!literal && arg is "-h" or "-?" or "/?")
            {
                options.Add(("help", []));
            }
            else if (literal || !arg.StartsWith('-') || arg.Length < 2 || char.IsAsciiDigit(arg[1]))
            {
                if (options.Count == 0) targets.Add(arg);
                else options[^1].Words.Add(arg);
            }
            else if (arg == "--")
            {
                literal = true;
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                var equals = arg.IndexOf('=');
                options.Add(equals > 2 ? (arg[2..equals], [arg[(equals + 1)..]]) : (arg[2..], []));
            }
            else if (shortNames.TryGetValue(arg[1], out var longName))
            {
                // -o json, -o=json, -ojson
                var attached = arg.Length == 2 ? null : arg[2] == '=' ? arg[3..] : arg[2..];
                options.Add((longName, attached is null ? [] : [attached]));
            }
            else
            {
                var known = shortNames.Append(new KeyValuePair<char, string>('h', "help")).OrderBy(p => p.Key).Select(p => $"-{p.Key} (--{p.Value})");
                throw new UsageException($"Unknown option {arg[..2]}. Short options: {string.Join(", ", known)}. Options are --name value; " +
                    "a value that starts with a dash goes after --, or as --name=value.");
            }
        }

        List<string>? skip = null;
        List<string>? invokedTargets = null;
        bool help = false, version = false, plan = false, noLogo = false, overwrite = false;
        string? verbosity = null, root = null, generateConfiguration = null;
        var profiles = new List<string>();
        var parameters = new Dictionary<string, ParameterWords>();
        foreach (var (name, words) in options)
        {
            switch (Naming.Normalize(name))
            {
                case "target": targets.AddRange(words); break;
                case "skip": skip ??= []; skip.AddRange(words); break;
                case "help": help = true; Flag(name, words); break;
                case "version": version = true; Flag(name, words); break;
                case "plan": plan = true; Flag(name, words); break;
                case "nologo": noLogo = true; Flag(name, words); break;
                case "verbosity": verbosity = Single(name, words, "quiet, minimal, normal or verbose"); break;
                case "root": root = Single(name, words, "a directory"); break;
                case "generateconfiguration": generateConfiguration = Single(name, words, "gitlab, jenkins or circleci"); break;
                case "invokedtargets": invokedTargets ??= []; invokedTargets.AddRange(words); break;
                case "overwrite": overwrite = true; Flag(name, words); break;
                case "profile":
                    if (words.Count == 0) throw new UsageException("--profile needs at least one name: --profile ci reads parameters.ci.json.");
                    profiles.AddRange(words);
                    break;
                default:
                    var key = Naming.Normalize(name);
                    if (parameters.TryGetValue(key, out var existing)) existing.Words.AddRange(words);
                    else parameters[key] = new ParameterWords(name, words);
                    break;
            }
        }
        if (invokedTargets is not null && generateConfiguration is null)
        {
            throw new UsageException("--invoked-targets names the targets of a generated CI file; add --generate-configuration <gitlab|jenkins|circleci>, or name the targets to run first: ./build.sh A B.");
        }
        return new Invocation(targets, skip, help, plan, verbosity, root, profiles, noLogo, parameters)
        {
            GenerateConfiguration = generateConfiguration,
            InvokedTargets = invokedTargets,
            Overwrite = overwrite,
            Version = version,
        };
    }

    private static void Flag(string name, List<string> words)
    {
        if (words.Count > 0)
        {
            throw new UsageException($"--{name} takes no value, but '{string.Join(' ', words)}' follows it. Targets come first: ./build.sh Test --{name}.");
        }
    }

    private static string Single(string name, List<string> words, string expected) => words.Count == 1
        ? words[0]
        : throw new UsageException($"--{name} takes one value ({expected}), got {(words.Count == 0 ? "none" : string.Join(' ', words))}.");
}
