using System.Threading.RateLimiting;

namespace CommunityPortal.Auth;

/// <summary>Settings of <see cref="LoginRateLimiter"/> (section <c>RateLimiting:Login</c>).</summary>
public sealed class LoginRateLimitOptions
{
    public int PerAddressPerMinute { get; set; } = 20;

    public int PerAccountPerMinute { get; set; } = 10;
}

/// <summary>
/// Slows password guessing on the login page and the token endpoint, per client address and per account from that
/// address, on top of <see cref="SignInLockout"/>. The account partition includes the address on purpose: a limit per
/// account alone would let anyone who knows an e-mail keep its owner out by trying it ten times a minute.
/// The account is only known once the body is read, so callers ask here instead of relying on the rate-limiting middleware.
/// </summary>
public sealed class LoginRateLimiter : IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly PartitionedRateLimiter<string> byAddress;
    private readonly PartitionedRateLimiter<string> byAccount;

    public LoginRateLimiter(Microsoft.Extensions.Options.IOptions<LoginRateLimitOptions> options)
    {
        byAddress = Create(options.Value.PerAddressPerMinute);
        byAccount = Create(options.Value.PerAccountPerMinute);
    }

    /// <summary>Null when the attempt may go ahead; otherwise how long the client should wait.</summary>
    public TimeSpan? TryAcquire(string? address, string account)
    {
        using var addressLease = byAddress.AttemptAcquire(address ?? "unknown");
        if (!addressLease.IsAcquired)
        {
            return RetryAfter(addressLease);
        }

        using var accountLease = byAccount.AttemptAcquire($"{account.Trim().ToUpperInvariant()}\n{address ?? "unknown"}");
        return accountLease.IsAcquired ? null : RetryAfter(accountLease);
    }

    public void Dispose()
    {
        byAddress.Dispose();
        byAccount.Dispose();
    }

    private static TimeSpan RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : Window;

    private static PartitionedRateLimiter<string> Create(int permitsPerWindow) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permitsPerWindow,
            Window = Window,
            QueueLimit = 0,
        }));
}
