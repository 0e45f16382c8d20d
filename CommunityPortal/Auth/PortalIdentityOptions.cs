using CommunityPortal.Data;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.AspNetCore.Identity;

namespace CommunityPortal.Auth;

/// <summary>Identity rules: long passwords, lockout after repeated failures, accounts created by administrators.</summary>
public static class PortalIdentityOptions
{
    public const int PasswordMinLength = 12;
    public const int MaxFailedAttempts = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(5);

    /// <summary>PBKDF2-HMAC-SHA512 iterations (OWASP's figure; Identity's default is 100,000).</summary>
    public const int PasswordHashIterations = 210_000;

    /// <summary>
    /// How often an open session re-reads the account, so a deactivated resident or a locked administrator is signed
    /// out within a minute (one indexed lookup per user per minute).
    /// </summary>
    public static readonly TimeSpan SessionCheckInterval = TimeSpan.FromMinutes(1);

    /// <summary>A set-password link handed over by an administrator stays valid for a week unless used or replaced.</summary>
    public static readonly TimeSpan SetupLinkLifetime = TimeSpan.FromDays(7);

    /// <summary>A password-reset link sent by e-mail stays valid for an hour unless used.</summary>
    public static readonly TimeSpan ResetLinkLifetime = TimeSpan.FromHours(1);

    public static IServiceCollection AddPortalSessionRules(this IServiceCollection services) => services
        .Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = SessionCheckInterval)
        .Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = SetupLinkLifetime)
        .Configure<PasswordHasherOptions>(o =>
        {
            // V3 is PBKDF2-HMAC-SHA512; a hash with fewer iterations verifies as SuccessRehashNeeded and Identity
            // stores a new one at that successful sign-in.
            o.CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3;
            o.IterationCount = PasswordHashIterations;
        })
        .AddSingleton<SignInLockout>()
        .AddScoped<SecurityStampValidator<ApplicationUser>>()
        .Replace(ServiceDescriptor.Singleton<ISecurityStampValidator, DeferredSecurityStampValidator>());

    public static void Configure(IdentityOptions options)
    {
        // Administrators create accounts, so there is no e-mail confirmation step to wait for.
        options.SignIn.RequireConfirmedAccount = false;
        options.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
        options.Tokens.PasswordResetTokenProvider = PasswordResetTokenProvider.ProviderName;
        options.User.RequireUniqueEmail = true;

        options.Password.RequiredLength = PasswordMinLength;
        options.Password.RequireNonAlphanumeric = false;
        options.Password.RequireUppercase = false;
        options.Password.RequireLowercase = false;
        options.Password.RequireDigit = false;

        // Password failures lock out per account and address (SignInLockout); Identity's per-account lockout stays on
        // for an administrator's lock and for second-factor codes.
        options.Lockout.AllowedForNewUsers = true;
        options.Lockout.MaxFailedAccessAttempts = MaxFailedAttempts;
        options.Lockout.DefaultLockoutTimeSpan = LockoutDuration;
    }
}
