using Microsoft.AspNetCore.Identity;

namespace CommunityPortal.Auth;

/// <summary>Identity rules: long passwords, lockout after repeated failures, accounts created by administrators.</summary>
public static class PortalIdentityOptions
{
    public const int PasswordMinLength = 12;
    public const int MaxFailedAttempts = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(5);

    public static void Configure(IdentityOptions options)
    {
        // Administrators create accounts, so there is no e-mail confirmation step to wait for.
        options.SignIn.RequireConfirmedAccount = false;
        options.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
        options.User.RequireUniqueEmail = true;

        options.Password.RequiredLength = PasswordMinLength;
        options.Password.RequireNonAlphanumeric = false;
        options.Password.RequireUppercase = false;
        options.Password.RequireLowercase = false;
        options.Password.RequireDigit = false;

        options.Lockout.AllowedForNewUsers = true;
        options.Lockout.MaxFailedAccessAttempts = MaxFailedAttempts;
        options.Lockout.DefaultLockoutTimeSpan = LockoutDuration;
    }
}
