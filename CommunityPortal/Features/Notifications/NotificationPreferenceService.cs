using CommunityPortal.Data;
using CommunityPortal.Resources;
using CommunityPortal.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CommunityPortal.Features.Notifications;

/// <summary>
/// Each user's language and e-mail frequencies: read and changed by the user (API and "Mi cuenta"), turned off by an
/// unsubscribe link, and read by everything that writes to a user (<see cref="GetLanguageAsync"/>).
/// </summary>
public sealed class NotificationPreferenceService(IDbContextFactory<AppDbContext> dbFactory, IStringLocalizer<SharedResource> l)
{
    public async Task<PreferencesDto> GetAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return ToDto(await LoadAsync(db, userId, cancellationToken));
    }

    /// <summary>The language ("es" or "en") to write to the user in; "es" for a user who never chose.</summary>
    public async Task<string> GetLanguageAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await LanguageAsync(db, userId, cancellationToken);
    }

    /// <summary><see cref="GetLanguageAsync"/> on the caller's context.</summary>
    public static async Task<string> LanguageAsync(AppDbContext db, string userId, CancellationToken cancellationToken) =>
        await StoredLanguageAsync(db, userId, cancellationToken) ?? NotificationPreferences.DefaultLanguage;

    /// <summary>The language the user chose, or null when they never did.</summary>
    public static Task<string?> StoredLanguageAsync(AppDbContext db, string userId, CancellationToken cancellationToken) =>
        db.NotificationPreferences.AsNoTracking().Where(p => p.UserId == userId).Select(p => (string?)p.Language)
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<ServiceResult<PreferencesDto>> UpdateAsync(string userId, UpdatePreferencesRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var language = request.Language?.Trim().ToLowerInvariant();
        if (language is not null && !NotificationPreferences.Languages.Contains(language))
        {
            errors["language"] = [l["Preferences.Error.Language", string.Join(", ", NotificationPreferences.Languages)].Value];
        }

        var email = request.Email;
        var changes = new List<(string Kind, string Frequency)>();
        foreach (var (kind, value) in new[]
                 {
                     (PreferenceKinds.StatusChanged, email?.StatusChanged), (PreferenceKinds.CommentAdded, email?.CommentAdded),
                     (PreferenceKinds.TicketCreated, email?.TicketCreated), (PreferenceKinds.Avisos, email?.Avisos),
                     (PreferenceKinds.Digest, email?.Digest),
                 })
        {
            if (value is null)
            {
                continue;
            }

            var frequency = value.Trim().ToLowerInvariant();
            if (!EmailFrequency.All.Contains(frequency))
            {
                errors["email." + kind] = [l["Preferences.Error.Frequency", string.Join(", ", EmailFrequency.All)].Value];
                continue;
            }

            changes.Add((kind, frequency));
        }

        if (errors.Count > 0)
        {
            return new ServiceResult<PreferencesDto>(ServiceError.Invalid, Errors: errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var preferences = await TrackedAsync(db, userId, cancellationToken);
        if (language is not null)
        {
            preferences.Language = language;
        }

        foreach (var (kind, frequency) in changes)
        {
            preferences.Set(kind, frequency);
        }

        await db.SaveChangesAsync(cancellationToken);
        return ToDto(preferences);
    }

    /// <summary>Turns one kind off (an unsubscribe link); false when the user no longer exists.</summary>
    public async Task<bool> TurnOffAsync(string userId, string kind, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Users.AnyAsync(u => u.Id == userId, cancellationToken))
        {
            return false;
        }

        var preferences = await TrackedAsync(db, userId, cancellationToken);
        preferences.Set(kind, EmailFrequency.Off);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>The stored preferences, or the defaults, read-only.</summary>
    public static async Task<NotificationPreferences> LoadAsync(AppDbContext db, string userId, CancellationToken cancellationToken) =>
        await db.NotificationPreferences.AsNoTracking().FirstOrDefaultAsync(p => p.UserId == userId, cancellationToken)
        ?? NotificationPreferences.Defaults(userId);

    /// <summary>Several users' preferences in one query (defaults for those without a row).</summary>
    public static async Task<Dictionary<string, NotificationPreferences>> LoadAsync(
        AppDbContext db, IReadOnlyCollection<string> userIds, CancellationToken cancellationToken)
    {
        var stored = await db.NotificationPreferences.AsNoTracking().Where(p => userIds.Contains(p.UserId))
            .ToDictionaryAsync(p => p.UserId, cancellationToken);
        return userIds.Distinct().ToDictionary(id => id, id => stored.GetValueOrDefault(id) ?? NotificationPreferences.Defaults(id));
    }

    private static async Task<NotificationPreferences> TrackedAsync(AppDbContext db, string userId, CancellationToken cancellationToken)
    {
        var preferences = await db.NotificationPreferences.FirstOrDefaultAsync(p => p.UserId == userId, cancellationToken);
        if (preferences is null)
        {
            preferences = NotificationPreferences.Defaults(userId);
            db.NotificationPreferences.Add(preferences);
        }

        return preferences;
    }

    private static PreferencesDto ToDto(NotificationPreferences p) =>
        new(p.Language, new EmailPreferencesDto(p.StatusChanged, p.CommentAdded, p.TicketCreated, p.Avisos, p.Digest));
}
