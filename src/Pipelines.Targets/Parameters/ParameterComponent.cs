using System.Runtime.CompilerServices;

namespace Pipelines.Targets;

/// <summary>
/// A parameter component: an interface of parameters that target sets use by implementing it, so that a parameter
/// several sets need is declared once, with one description, one default and one set of value rules (Nuke's build
/// components). Each parameter is a property whose default body reads the run's value with
/// <see cref="ParameterComponentExtensions.Value{T}"/>, its default written as the argument:
/// <code>
/// public interface IConfigRepoParameters : IParameterComponent
/// {
///     [Parameter("The config repo: a path, file://, git://, http(s)://, ssh:// or user@host:path.")]
///     string? ConfigRepo => this.Value&lt;string?&gt;();
///
///     [Parameter("The config repo's branch."), BranchName]
///     string ConfigBranch => this.Value("main");
/// }
///
/// public sealed class ReleaseTargets : TargetSet, IConfigRepoParameters
/// {
///     IConfigRepoParameters Config => this;
///     Target Release => _ => _.Requires(() => Config.ConfigRepo).Executes(() => … Config.ConfigBranch …);
/// }
/// </code>
/// A class reaches an interface's default members only through the interface, hence <c>Config</c> (or
/// <c>((IConfigRepoParameters)this).ConfigRepo</c>). A set must not implement a component's parameter itself: its own
/// property would hide the run's value, and the runner refuses it. A parameter name is declared once in a build: a second
/// declaration (another component, or a set's own <c>[Parameter]</c> member) is refused before anything runs.
/// </summary>
public interface IParameterComponent
{
}

public static class ParameterComponentExtensions
{
    /// <summary>
    /// The value of the parameter whose getter calls this (the caller's member name names it): the one the runner resolved
    /// for this run from the command line, <c>PIPELINES_&lt;NAME&gt;</c>, the parameter's own environment variables,
    /// <c>--profile</c> files or <c>parameters.json</c>, exactly as for a set's own parameters; else
    /// <paramref name="fallback"/>, the parameter's default. Outside a run (a set no runner has resolved) it is the default.
    /// </summary>
    /// <remarks>The default is what <c>--help</c> shows and a generated CI file writes for a required parameter: the runner
    /// reads it by calling the getter before any value is in the store, so write one that needs nothing of the run (a
    /// constant, <c>TimeSpan.FromMinutes(5)</c>, <c>[]</c>); a default computed from the run belongs in the target
    /// (<c>Config.Tag ?? Context.Host.Commit</c>).</remarks>
    public static T Value<T>(this IParameterComponent component, T fallback = default!, [CallerMemberName] string parameter = "")
    {
        ArgumentNullException.ThrowIfNull(component);
        return component is TargetSet { ParameterValues: { } values } ? values.Get(parameter, fallback) : fallback;
    }
}
