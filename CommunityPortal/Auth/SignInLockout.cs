using System.Collections.Concurrent;
using System.Security.Cryptography;
using CommunityPortal.Data;
using Microsoft.AspNetCore.Identity;

namespace CommunityPortal.Auth;

/// <summary>
/// Lockout after <see cref="PortalIdentityOptions.MaxFailedAttempts"/> failed sign-ins, counted per account AND client
/// address, for <see cref="PortalIdentityOptions.LockoutDuration"/>. Identity's own lockout counts per account only, so
/// anyone who knew an administrator's e-mail could keep them out; here only the guessing address is shut out.
/// Unknown e-mails are counted exactly like known ones, so the answers never tell whether an account exists.
/// The counts live in this node's memory: a restart clears them and each node of a farm counts on its own (the
/// per-address rate limit still applies on each).
/// </summary>
public sealed class SignInLockout(TimeProvider time)
{
    private const int PruneAbove = 50_000;
    private readonly ConcurrentDictionary<string, Failures> failures = new(StringComparer.Ordinal);
    private string? dummyHash;

    /// <summary>A hash of a random password, made like real ones, to check an unknown account's password against.</summary>
    public string DummyHash(IPasswordHasher<ApplicationUser> hasher) =>
        dummyHash ??= hasher.HashPassword(new ApplicationUser(), Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));

    /// <summary>How long <paramref name="address"/> is still locked out of <paramref name="account"/>; null when it is not.</summary>
    public TimeSpan? LockedFor(string? address, string account)
    {
        var now = time.GetUtcNow();
        return failures.TryGetValue(Key(address, account), out var entry) && entry.LockedUntil is { } until && until > now
            ? until - now
            : null;
    }

    /// <summary>Counts a failure; true when it locks the address out of the account.</summary>
    public bool RecordFailure(string? address, string account)
    {
        var now = time.GetUtcNow();
        if (failures.Count > PruneAbove)
        {
            Prune(now);
        }

        var entry = failures.AddOrUpdate(Key(address, account), _ => new Failures(1, now, null), (_, current) =>
        {
            // Failures older than the lockout period, or from before an ended lockout, no longer count.
            var count = current.LockedUntil is { } until && until <= now || now - current.Last > PortalIdentityOptions.LockoutDuration
                ? 1
                : current.Count + 1;
            return count >= PortalIdentityOptions.MaxFailedAttempts
                ? new Failures(0, now, now + PortalIdentityOptions.LockoutDuration)
                : new Failures(count, now, null);
        });
        return entry.LockedUntil is not null;
    }

    public void Reset(string? address, string account) => failures.TryRemove(Key(address, account), out _);

    /// <summary>Ends the lockouts of every address for the account (an administrator unlocked it).</summary>
    public void ResetAccount(string account)
    {
        var prefix = Key(null, account)[..^"unknown".Length];
        foreach (var key in failures.Keys)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                failures.TryRemove(key, out _);
            }
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, entry) in failures)
        {
            if ((entry.LockedUntil ?? entry.Last + PortalIdentityOptions.LockoutDuration) <= now)
            {
                failures.TryRemove(key, out _);
            }
        }
    }

    private static string Key(string? address, string account) => $"{account.Trim().ToUpperInvariant()}\n{address ?? "unknown"}";

    private sealed record Failures(int Count, DateTimeOffset Last, DateTimeOffset? LockedUntil);
}
