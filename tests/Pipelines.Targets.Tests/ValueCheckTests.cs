using Pipelines.Targets.Tests.Support;

namespace Pipelines.Targets.Tests;

/// <summary>Every value is checked where it enters, before anything runs: no control characters in any string, durations
/// and numbers within their ranges, a parameter's own rules, and the set's rules for values taken together. Each refusal
/// is exit 2 naming the parameter, the value (never a secret's) and what would be accepted.</summary>
public class ValueCheckTests : IDisposable
{
    private readonly TestRun _run = new();

    public void Dispose() => _run.Dispose();

    private sealed class CheckedBuild : TargetSet
    {
        public bool Ran { get; private set; }

        [Parameter("A note."), NoVowelsRule] public string? Note { get; set; }
        [Parameter("Tags.")] public string[] Tags { get; set; } = [];
        [Parameter("A password."), Secret] public string? Password { get; set; }
        [Parameter("A TTL."), ValueRange("5s", "1h")] public TimeSpan Ttl { get; set; } = TimeSpan.FromMinutes(2);
        [Parameter("A wait.")] public TimeSpan Wait { get; set; } = TimeSpan.FromMinutes(1);
        [Parameter("Attempts."), ValueRange("1", "100")] public int Attempts { get; set; } = 10;
        [Parameter("First branch.")] public string First { get; set; } = "main";
        [Parameter("Second branch.")] public string Second { get; set; } = "lock";

        protected override IEnumerable<string> ParameterProblems()
        {
            if (First == Second) yield return $"--first and --second are both {First}; they must differ.";
        }

        public Target Go => _ => _.Executes(() => Ran = true);
    }

    private sealed class NoVowelsRule : ValueRuleAttribute
    {
        public override string? Problem(string value) => value.Any("aeiou".Contains) ? "has a vowel. Write consonants only." : null;
    }

    private async Task<(TestRun.Result Result, CheckedBuild Build)> Run(params string[] args)
    {
        var build = new CheckedBuild();
        var result = await _run.RunAsync(["Go", "--no-logo", .. args], build);
        return (result, build);
    }

    private async Task<string> Refused(params string[] args)
    {
        var (result, build) = await Run(args);
        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}: {result.Stderr}");
        Assert.False(build.Ran);
        return result.Stderr;
    }

    [Theory]
    [InlineData("x\ny", "a newline at character 2")]
    [InlineData("x\0y", "a NUL character at character 2")]
    [InlineData("x\ry", "a carriage return")]
    [InlineData("xy\t", "a tab at character 3")]
    [InlineData("x\u001by", "the control character U+001B")]
    public async Task A_value_with_a_control_character_exits_2_naming_the_parameter_and_the_character(string value, string what)
    {
        var stderr = await Refused("--first", value);
        Assert.Contains($"--first: '{value.Replace("\n", "\\n").Replace("\0", "\\0").Replace("\r", "\\r").Replace("\t", "\\t").Replace("\u001b", "\\u001b")}' holds {what}", stderr);
        Assert.Contains("write it on one line", stderr);
        Assert.DoesNotContain(value, stderr); // shown escaped, so the message stays one line
    }

    [Fact]
    public async Task Control_characters_are_refused_from_the_environment_settings_files_and_in_arrays_too()
    {
        Assert.Contains("--tags: 'b\\0' holds a NUL character", await Refused("--tags", "a", "b\0"));
        _run.WriteSettings("parameters.json", """{ "First": "a\u0000b" }""");
        var fromFile = await Refused();
        Assert.Contains("--first: 'a\\0b' holds a NUL character at character 2 (", fromFile);
        Assert.Contains("parameters.json)", fromFile);
        File.Delete(Path.Combine(_run.SettingsDirectory, "parameters.json"));
        _run.Environment["PIPELINES_FIRST"] = "a\u0007b";
        Assert.Contains("(environment variable PIPELINES_FIRST)", await Refused());
    }

    [Fact]
    public async Task A_secret_with_a_control_character_is_refused_without_showing_it()
    {
        var stderr = await Refused("--password", "s3cret\nvalue");
        Assert.Contains("--password: the given value holds a newline", stderr);
        Assert.DoesNotContain("s3cret", stderr);
    }

    [Theory]
    [InlineData("--ttl", "0s", "--ttl: '0s' is out of range (command line); expected a duration from 5s to 1h.")]
    [InlineData("--ttl", "2h", "--ttl: '2h' is out of range (command line); expected a duration from 5s to 1h.")]
    [InlineData("--ttl", "99999999999h", "--ttl: '99999999999h' is not valid (command line); expected a duration from 5s to 1h (this one is too long to count).")]
    [InlineData("--wait", "99999999999999d", "--wait: '99999999999999d' is not valid (command line); expected a duration such as 90s, 5m, 1h or hh:mm:ss (this one is too long to count).")]
    [InlineData("--wait", "-00:01:00", "--wait: '-00:01:00' is out of range")]
    [InlineData("--attempts", "0", "--attempts: '0' is out of range (command line); expected a whole number from 1 to 100.")]
    [InlineData("--attempts", "-3", "--attempts: '-3' is out of range (command line); expected a whole number from 1 to 100.")]
    [InlineData("--attempts", "99999999999", "--attempts: '99999999999' is not valid (command line); expected a whole number from 1 to 100.")]
    public async Task Durations_and_counts_outside_their_range_exit_2_with_the_range(string parameter, string value, string message) =>
        Assert.Contains(message, await Refused(parameter, value));

    [Fact]
    public async Task The_ends_of_a_range_are_accepted()
    {
        var (result, build) = await Run("--ttl", "5s", "--attempts", "100");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal((TimeSpan.FromSeconds(5), 100), (build.Ttl, build.Attempts));
        (result, build) = await Run("--ttl", "1h", "--attempts", "1");
        Assert.Equal((0, TimeSpan.FromHours(1), 1), (result.ExitCode, build.Ttl, build.Attempts));
    }

    [Fact]
    public async Task A_parameter_rule_refuses_a_value_with_its_own_words() =>
        Assert.Contains("--note: 'hello' has a vowel. Write consonants only. (command line)", await Refused("--note", "hello"));

    [Fact]
    public async Task Values_that_contradict_each_other_exit_2_before_anything_runs() =>
        Assert.Contains("error: --first and --second are both x; they must differ.", await Refused("--first", "x", "--second", "x"));

    [Theory]
    [InlineData("https://ci:pa55word@git.example.com/config.git", "pa55word")]
    [InlineData("https://ghp_T0KEN1234@github.com/team/config.git", "ghp_T0KEN1234")]
    [InlineData("https://ci:p@ss@word@git.example.com/config.git", "p@ss@word")]
    [InlineData("https://ci:p%40ssw0rd@git.example.com/config.git", "p%40ssw0rd")]
    public async Task A_usage_error_never_shows_a_credential_written_into_a_url(string url, string secret)
    {
        var (result, _) = await Run("--first", url, "extra-word");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--first takes one value but got 2", result.Stderr);
        Assert.Contains("config.git", result.Stderr);
        Assert.DoesNotContain(secret, result.Stderr);
        Assert.DoesNotContain(Uri.UnescapeDataString(secret), result.Stderr);
        Assert.DoesNotContain("word@", result.Stderr); // no tail of a password split at the wrong '@'
    }

    [Theory]
    [InlineData("gitlab", ".gitlab-ci.yml")]
    [InlineData("jenkins", "Jenkinsfile")]
    [InlineData("circleci", ".circleci/config.yml")]
    public async Task Generating_a_ci_file_with_a_credential_in_a_url_is_refused_saying_to_use_a_ci_secret(string system, string file)
    {
        foreach (var url in new[] { "https://ci:pa55word@git.example.com/config.git", "https://ghp_T0KEN1234@github.com/team/config.git" })
        {
            var result = await _run.RunAsync(["Go", "--generate-configuration", system, "--first", url], new CheckedBuild());
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("--first holds a URL with a credential in it", result.Stderr);
            Assert.Contains("keep the credential in the CI system's secret store, bound to a secret parameter such as --password (PIPELINES_PASSWORD)", result.Stderr);
            Assert.DoesNotContain("pa55word", result.Stderr);
            Assert.DoesNotContain("T0KEN", result.Stderr);
            Assert.False(File.Exists(Path.Combine(_run.Root, file)));
        }
        var clean = await _run.RunAsync(["Go", "--generate-configuration", system, "--first", "https://git.example.com/config.git"], new CheckedBuild());
        Assert.True(clean.ExitCode == 0, clean.Stderr);
        Assert.Contains("https://git.example.com/config.git", File.ReadAllText(Path.Combine(_run.Root, file)));
    }
}
