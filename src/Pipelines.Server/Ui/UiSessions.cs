using System.Collections.Concurrent;
using System.Security.Cryptography;
using Pipelines.Server.Api;

namespace Pipelines.Server.Ui;

/// <summary>
/// The web UI's sessions, kept in this process: the cookie holds only a random id, so a stolen cookie gives no API
/// token, and signing out (or a restart) ends the session for good. A session lasts <c>lifetime</c> from sign-in.
/// </summary>
public sealed class UiSessions(TimeProvider time, TimeSpan lifetime)
{
    private readonly ConcurrentDictionary<string, UiSession> _sessions = new(StringComparer.Ordinal);

    public UiSession SignIn(ApiCaller caller)
    {
        RemoveExpired();
        var session = new UiSession(NewSecret(), caller, NewSecret(), time.GetUtcNow() + lifetime);
        _sessions[session.Id] = session;
        return session;
    }

    /// <summary>The live session of a cookie's id; null when unknown, signed out or expired.</summary>
    public UiSession? Find(string? id)
    {
        if (string.IsNullOrEmpty(id) || !_sessions.TryGetValue(id, out var session)) return null;
        if (session.Expires > time.GetUtcNow()) return session;
        _sessions.TryRemove(id, out _);
        return null;
    }

    public void SignOut(string id) => _sessions.TryRemove(id, out _);

    /// <summary>A 256-bit random value, URL- and cookie-safe.</summary>
    public static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private void RemoveExpired()
    {
        var now = time.GetUtcNow();
        foreach (var (id, session) in _sessions)
        {
            if (session.Expires <= now) _sessions.TryRemove(id, out _);
        }
    }
}
