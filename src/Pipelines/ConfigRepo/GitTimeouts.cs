using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using LibGit2Sharp;

namespace Pipelines.ConfigRepo;

/// <summary>
/// <c>--git-timeout</c>: how long a git server may take to accept a connection, and to answer each read or write after
/// that. libgit2 has no per-call timeout; it has two process-wide options that its socket streams (git://, http(s)://)
/// honour — the server connect timeout and the server timeout — which LibGit2Sharp does not expose, so they are set
/// through <c>git_libgit2_opts</c> directly. ssh goes through OpenSSH, which libgit2 only reads and writes through pipes:
/// there the same bounds are OpenSSH's <c>ConnectTimeout</c> (connection and handshake) and <c>ServerAliveInterval</c>
/// (a server that stops answering mid-transfer), added to <c>GIT_SSH_COMMAND</c>.
/// </summary>
public static class GitTimeouts
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(60);

    private const int SetServerConnectTimeout = 39; // GIT_OPT_SET_SERVER_CONNECT_TIMEOUT (libgit2 1.7+)
    private const int SetServerTimeout = 41;        // GIT_OPT_SET_SERVER_TIMEOUT

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int SetIntOption(int option, int value);

    private static readonly Lock Gate = new();
    private static TimeSpan? _applied;

    /// <summary>The timeout in force for this process (the last <see cref="Apply"/>), or <see cref="Default"/>.</summary>
    public static TimeSpan Current => _applied ?? Default;

    /// <summary>Bounds every git network call of this process by <paramref name="timeout"/>; false when the native library
    /// does not offer the options (then only ssh's bounds apply).</summary>
    public static bool Apply(TimeSpan timeout)
    {
        lock (Gate)
        {
            if (_applied == timeout) return true;
            var milliseconds = (int)Math.Clamp(timeout.TotalMilliseconds, 1, int.MaxValue);
            var set = Options();
            var ok = set is not null && set(SetServerConnectTimeout, milliseconds) == 0 && set(SetServerTimeout, milliseconds) == 0;
            BoundSsh(timeout);
            _applied = timeout;
            return ok;
        }
    }

    private static SetIntOption? _options;

    private static SetIntOption? Options()
    {
        if (_options is not null) return _options;
        try
        {
            _ = GlobalSettings.Version; // loads and initialises libgit2 the way LibGit2Sharp does
            var assembly = typeof(Repository).Assembly;
            // The native library's name is versioned with LibGit2Sharp's build of it; LibGit2Sharp keeps it in a constant.
            var name = assembly.GetType("LibGit2Sharp.Core.NativeDllName")?.GetField("Name", BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)?.GetValue(null) as string;
            if (name is null) return null;
            var handle = GlobalSettings.NativeLibraryPath is { Length: > 0 } folder && NativeLibrary.TryLoad(Path.Combine(folder, $"lib{name}.so"), out var fromPath)
                ? fromPath
                : NativeLibrary.Load(name, assembly, null);
            return _options = Marshal.GetDelegateForFunctionPointer<SetIntOption>(NativeLibrary.GetExport(handle, "git_libgit2_opts"));
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException or InvalidOperationException)
        {
            return null;
        }
    }

    // libgit2 runs GIT_SSH_COMMAND (else ssh) with its own arguments after it, so options appended to the command come
    // before the destination, where ssh reads them. An ssh option given twice keeps its first value: the user's own win.
    private static void BoundSsh(TimeSpan timeout)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var bounds = $" -o ConnectTimeout={seconds} -o ServerAliveInterval={seconds} -o ServerAliveCountMax=1";
        var current = Environment.GetEnvironmentVariable("GIT_SSH_COMMAND");
        if (current is not null && current.Contains(" -o ConnectTimeout=", StringComparison.Ordinal) && _applied is not null)
        {
            current = current[..current.LastIndexOf(" -o ConnectTimeout=", StringComparison.Ordinal)];
        }
        if (Environment.GetEnvironmentVariable("GIT_SSH") is { Length: > 0 }) return; // a program of the user's, whose options we cannot know
        var command = (current is { Length: > 0 } ? current : "ssh") + bounds;
        Environment.SetEnvironmentVariable("GIT_SSH_COMMAND", command);
        // libgit2 reads the native environment, which Environment.SetEnvironmentVariable does not change on Unix.
        if (!OperatingSystem.IsWindows()) _ = SetEnv("GIT_SSH_COMMAND", command, 1);
    }

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnv(string name, string value, int overwrite);
}
