using System.Globalization;
using CommunityPortal.Auth;
using CommunityPortal.Data;
using CommunityPortal.Features.Comments;
using CommunityPortal.Features.Notifications;
using CommunityPortal.Features.Tickets;
using CommunityPortal.Resources;
using CommunityPortal.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CommunityPortal.Features.Email;

/// <summary>
/// Turns ticket events into e-mails in the outbox, on the caller's context, so they are saved with the change:
/// the ticket's resident hears about status changes, the administration's comments and a ticket made on their behalf
/// (exactly the bell's notifications, which <see cref="NotificationRules"/> has already decided); the administrators
/// of the ticket's company hear about new tickets and residents' comments. Never the actor. Each recipient's
/// preferences decide: immediate (batched per ticket within <c>Email:BatchWindowSeconds</c>), daily (kept for
/// <see cref="EmailDigestJob"/>) or off. Rendered in the recipient's language.
/// </summary>
public sealed class NotificationMail(
    TimeProvider clock,
    EmailOutbox outbox,
    PublicLinks links,
    UnsubscribeTokens unsubscribeTokens,
    IConfiguration configuration,
    IStringLocalizer<SharedResource> l)
{
    /// <summary>How long before its send time a pending e-mail stops taking new events.</summary>
    private static readonly TimeSpan JoinMargin = TimeSpan.FromSeconds(10);

    public TimeSpan BatchWindow => TimeSpan.FromSeconds(Math.Max(0, configuration.GetValue("Email:BatchWindowSeconds", 120)));

    // In the current (recipient's) culture: call it inside InCulture.
    private string PortalName => configuration["Portal:Name"] is { Length: > 0 } name ? name : l["App.Name"].Value;

    /// <summary>
    /// Queues the e-mails for what <paramref name="actor"/> is about to save in <paramref name="db"/>: the resident
    /// notifications and the comments added to its change tracker. Call it just before SaveChanges.
    /// </summary>
    public async Task QueuePendingChangesAsync(AppDbContext db, CurrentUser actor, CancellationToken cancellationToken)
    {
        var notifications = db.ChangeTracker.Entries<Notification>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        var comments = db.ChangeTracker.Entries<Comentario>().Where(e => e.State == EntityState.Added).Select(e => e.Entity)
            .Where(c => c.Origen == ComentarioOrigenes.Ticket).ToList();
        if (notifications.Count == 0 && comments.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var ticketIds = notifications.Select(n => n.TicketId)
            .Concat(comments.Select(c => int.TryParse(c.IdOrigen, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0))
            .Where(id => id > 0).Distinct().ToList();
        var tickets = await LoadTicketsAsync(db, ticketIds, cancellationToken);

        foreach (var notification in notifications)
        {
            if (!tickets.TryGetValue(notification.TicketId, out var ticket))
            {
                continue;
            }

            var mailEvent = notification.Kind == NotificationKinds.StatusChanged
                ? await StatusEventAsync(db, notification, now, cancellationToken)
                : CommentEvent(notification, comments, now);
            await AddAsync(db, [ticket.OwnerUserId], Audience.Resident, ticket, mailEvent, cancellationToken);
        }

        // A resident's comment (whoever does not manage the ticket's company) goes to its administrators.
        foreach (var comment in comments)
        {
            if (!int.TryParse(comment.IdOrigen, NumberStyles.None, CultureInfo.InvariantCulture, out var ticketId)
                || !tickets.TryGetValue(ticketId, out var ticket) || actor.Manages(ticket.CompanyId))
            {
                continue;
            }

            var admins = await AdministratorsAsync(db, ticket.CompanyId, actor, cancellationToken);
            await AddAsync(db, admins, Audience.Administrator, ticket,
                NewEvent(EmailKinds.CommentAdded, ticket.Id, actor.DisplayName, now, text: comment.ComentarioTexto), cancellationToken);
        }
    }

    /// <summary>
    /// Queues the e-mails about a ticket <paramref name="actor"/> has just created (saved, so it has its id; the
    /// caller saves again in the same transaction): its administrators, and its resident when an administrator
    /// reported it on their behalf.
    /// </summary>
    public async Task QueueTicketCreatedAsync(AppDbContext db, CurrentUser actor, int ticketId, CancellationToken cancellationToken)
    {
        var tickets = await LoadTicketsAsync(db, [ticketId], cancellationToken);
        if (!tickets.TryGetValue(ticketId, out var ticket))
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var mailEvent = NewEvent(EmailKinds.TicketCreated, ticketId, actor.DisplayName, now, text: ticket.Contenido);
        if (ticket.OwnerUserId != actor.UserId)
        {
            await AddAsync(db, [ticket.OwnerUserId], Audience.Resident, ticket, mailEvent, cancellationToken);
        }

        var admins = await AdministratorsAsync(db, ticket.CompanyId, actor, cancellationToken);
        await AddAsync(db, admins.Where(id => id != ticket.OwnerUserId).ToList(), Audience.Administrator, ticket, mailEvent, cancellationToken);
    }

    /// <summary>The preference a kind of e-mail answers to (and that its unsubscribe link turns off).</summary>
    public static string PreferenceKindOf(string emailKind) => emailKind switch
    {
        EmailKinds.StatusChanged => PreferenceKinds.StatusChanged,
        EmailKinds.CommentAdded => PreferenceKinds.CommentAdded,
        EmailKinds.TicketCreated => PreferenceKinds.TicketCreated,
        EmailKinds.Digest => PreferenceKinds.Digest,
        _ => throw new ArgumentOutOfRangeException(nameof(emailKind), emailKind, "Not a notification e-mail."),
    };

    private enum Audience
    {
        Resident,
        Administrator,
    }

    private sealed record Recipient(string UserId, string Email, string Name, NotificationPreferences Preferences);

    internal sealed record TicketInfo(
        int Id, int CommunityId, string CommunityName, int CompanyId, string Categoria, string? Contenido,
        string OwnerUserId, string OwnerName, string Unit);

    private static NotificationMailEvent NewEvent(
        string kind, int ticketId, string actorName, DateTime now, string? text = null, string? statusText = null, string? statusColor = null) => new()
    {
        UserId = "",
        TicketId = ticketId,
        Kind = kind,
        ActorName = actorName,
        Text = text is null ? null : text.Length > NotificationMailEvent.TextMaxLength ? text[..NotificationMailEvent.TextMaxLength] : text,
        StatusText = statusText,
        StatusColor = statusColor,
        CreatedAt = now,
    };

    private static async Task<NotificationMailEvent> StatusEventAsync(AppDbContext db, Notification notification, DateTime now, CancellationToken cancellationToken)
    {
        var statusId = db.Tickets.Local.FirstOrDefault(t => t.Id == notification.TicketId)?.StatusId;
        var status = statusId is null ? null
            : db.Statuses.Local.FirstOrDefault(s => s.Id == statusId)
              ?? await db.Statuses.AsNoTracking().FirstOrDefaultAsync(s => s.Id == statusId, cancellationToken);
        return NewEvent(EmailKinds.StatusChanged, notification.TicketId, notification.ActorName, now,
            statusText: status?.Descripcion ?? notification.Detail, statusColor: status?.Color);
    }

    // The bell keeps an excerpt; the e-mail gives the whole comment.
    private static NotificationMailEvent CommentEvent(Notification notification, List<Comentario> comments, DateTime now)
    {
        var key = notification.TicketId.ToString(CultureInfo.InvariantCulture);
        var comment = comments.LastOrDefault(c => c.IdOrigen == key);
        return NewEvent(EmailKinds.CommentAdded, notification.TicketId, notification.ActorName, now, text: comment?.ComentarioTexto ?? notification.Detail);
    }

    private static async Task<Dictionary<int, TicketInfo>> LoadTicketsAsync(AppDbContext db, List<int> ids, CancellationToken cancellationToken) =>
        await db.Tickets.AsNoTracking().Where(t => ids.Contains(t.Id) && !t.IsDeleted)
            .Select(t => new TicketInfo(t.Id, t.CommunityId, t.Community.Name, t.Community.CompanyId, t.Categoria.Nombre, t.Contenido,
                t.Resident.UserId, t.Resident.FullName, t.Resident.Unit))
            .ToDictionaryAsync(t => t.Id, cancellationToken);

    /// <summary>The company's administrators (by the access rule: those who manage it), never the actor.</summary>
    private async Task<List<string>> AdministratorsAsync(AppDbContext db, int companyId, CurrentUser actor, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var candidates = await db.Users.AsNoTracking()
            .Where(u => u.CompanyId == companyId && u.Id != actor.UserId)
            .Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.AdminCompany)))
            .Select(u => new { u.Id, u.DisplayName, u.CompanyId, u.LockoutEnd })
            .ToListAsync(cancellationToken);
        // A locked-out (deactivated) account hears nothing; SQLite cannot compare DateTimeOffset, hence here.
        return candidates
            .Where(c => c.LockoutEnd is null || c.LockoutEnd < now)
            .Where(c => new CurrentUser(c.Id, c.DisplayName, new HashSet<string> { Roles.AdminCompany }, c.CompanyId).Manages(companyId))
            .Select(c => c.Id).ToList();
    }

    private async Task AddAsync(
        AppDbContext db, IReadOnlyCollection<string> userIds, Audience audience, TicketInfo ticket, NotificationMailEvent template,
        CancellationToken cancellationToken)
    {
        if (userIds.Count == 0)
        {
            return;
        }

        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id) && u.Email != null)
            .Select(u => new { u.Id, u.Email, u.DisplayName }).ToListAsync(cancellationToken);
        var preferences = await NotificationPreferenceService.LoadAsync(db, userIds, cancellationToken);
        var preferenceKind = PreferenceKindOf(template.Kind);
        foreach (var user in users)
        {
            var recipient = new Recipient(user.Id, user.Email!, user.DisplayName, preferences[user.Id]);
            var frequency = recipient.Preferences.For(preferenceKind);
            if (frequency == EmailFrequency.Off || (frequency == EmailFrequency.Daily && recipient.Preferences.Digest == EmailFrequency.Off))
            {
                continue;
            }

            var mailEvent = NewEvent(template.Kind, ticket.Id, template.ActorName, template.CreatedAt, template.Text, template.StatusText, template.StatusColor);
            mailEvent.UserId = recipient.UserId;
            mailEvent.CommunityId = ticket.CommunityId;
            db.NotificationMailEvents.Add(mailEvent);
            if (frequency == EmailFrequency.Daily)
            {
                mailEvent.Daily = true;
                continue;
            }

            mailEvent.HandledAt = mailEvent.CreatedAt;
            await AddToBatchAsync(db, recipient, audience, ticket, mailEvent, cancellationToken);
        }
    }

    /// <summary>
    /// Into the recipient's pending e-mail about this ticket while its batch window is open (re-rendered listing every
    /// event), otherwise into a new e-mail that waits for the window.
    /// </summary>
    private async Task AddToBatchAsync(
        AppDbContext db, Recipient recipient, Audience audience, TicketInfo ticket, NotificationMailEvent mailEvent, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // A row about to fall due is left to the sender (it may claim it before this save commits): a new one starts.
        var joinableUntil = now + JoinMargin;
        var batchKey = $"ticket:{ticket.Id}:user:{recipient.UserId}";
        var email = db.OutgoingEmails.Local.FirstOrDefault(e => e.BatchKey == batchKey && e.Status == OutgoingEmailStatus.Pending)
            ?? await db.OutgoingEmails
                .Where(e => e.BatchKey == batchKey && e.Status == OutgoingEmailStatus.Pending && e.SendAfter > joinableUntil
                            && (e.LockedUntil == null || e.LockedUntil < now))
                .OrderByDescending(e => e.Id).FirstOrDefaultAsync(cancellationToken);

        List<NotificationMailEvent> events = [];
        if (email is null)
        {
            var preferenceKind = PreferenceKindOf(mailEvent.Kind);
            email = new OutgoingEmail
            {
                Kind = mailEvent.Kind,
                UserId = recipient.UserId,
                ToAddress = recipient.Email,
                ToName = recipient.Name,
                Subject = "",
                TextBody = "",
                HtmlBody = "",
                MessageId = $"{Guid.NewGuid():N}@{MailHost}",
                InReplyTo = TicketThreadId(ticket.Id),
                References = TicketThreadId(ticket.Id),
                UnsubscribeUrl = UnsubscribeUrl(recipient.UserId, preferenceKind),
                TicketId = ticket.Id,
                BatchKey = batchKey,
                SendAfter = now + BatchWindow,
            };
            outbox.Queue(db, email);
        }
        else if (email.Id != 0)
        {
            events.AddRange(await db.NotificationMailEvents.AsNoTracking().Where(e => e.OutgoingEmailId == email.Id)
                .OrderBy(e => e.CreatedAt).ThenBy(e => e.Id).ToListAsync(cancellationToken));
        }

        events.AddRange(db.NotificationMailEvents.Local.Where(e => ReferenceEquals(e.OutgoingEmail, email)));
        mailEvent.OutgoingEmail = email;
        events.Add(mailEvent);

        var message = InCulture(recipient.Preferences.Language, () => RenderTicket(audience, ticket, events, email.UnsubscribeUrl!));
        email.Subject = message.Subject;
        email.TextBody = message.Body.Text;
        email.HtmlBody = message.Body.Html;
    }

    /// <summary>The host of <c>Portal:PublicUrl</c>: the right-hand side of every Message-Id the portal makes.</summary>
    public string MailHost => links.BaseUri.Host;

    /// <summary>The thread every e-mail about one ticket replies to, so a mail app groups them.</summary>
    public string TicketThreadId(int ticketId) => $"ticket-{ticketId}@{MailHost}";

    public string UnsubscribeUrl(string userId, string preferenceKind) =>
        links.Absolute("email/unsubscribe?token=" + Uri.EscapeDataString(unsubscribeTokens.Create(userId, preferenceKind)));

    internal sealed record RenderedEmail(string Subject, EmailBody Body);

    private RenderedEmail RenderTicket(Audience audience, TicketInfo ticket, IReadOnlyList<NotificationMailEvent> events, string unsubscribeUrl)
    {
        var latestStatus = events.LastOrDefault(e => e.Kind == EmailKinds.StatusChanged);
        var forResident = audience == Audience.Resident;
        string subject;
        if (latestStatus is not null && forResident)
        {
            subject = l["Email.Resident.Status.Subject", ticket.Id, latestStatus.StatusText ?? ""];
        }
        else if (events.Count == 1)
        {
            var only = events[0];
            subject = (only.Kind, forResident) switch
            {
                (EmailKinds.CommentAdded, true) => l["Email.Resident.Comment.Subject", ticket.Id],
                (EmailKinds.TicketCreated, true) => l["Email.Resident.Created.Subject", ticket.Id],
                (EmailKinds.CommentAdded, false) => l["Email.Admin.Comment.Subject", only.ActorName, ticket.Id],
                _ => l["Email.Admin.Created.Subject", ticket.Id, ticket.CommunityName],
            };
        }
        else
        {
            subject = forResident ? l["Email.Resident.Updates.Subject", ticket.Id] : l["Email.Admin.Updates.Subject", ticket.Id, ticket.CommunityName];
        }

        var paragraphs = new List<string> { l["Email.Ticket.Summary", ticket.Id, ticket.Categoria, ticket.CommunityName] };
        if (!forResident)
        {
            paragraphs.Add(l["Email.Ticket.Resident", ticket.OwnerName, ticket.Unit]);
        }

        paragraphs.AddRange(events.Select(e => EventLine(e, forResident)));
        var content = new EmailContent(subject, paragraphs)
        {
            Label = latestStatus?.StatusText is { } statusText ? new EmailLabel(statusText, latestStatus.StatusColor ?? "#616161") : null,
            Button = new EmailButton(l["Email.Button.Ticket"], links.Absolute($"tickets/{ticket.Id}")),
            Footer = Footer(forResident ? l["Email.Footer.Resident", ticket.CommunityName] : l["Email.Footer.Admin", ticket.CommunityName], unsubscribeUrl),
        };
        return new RenderedEmail(Truncate(subject), EmailLayout.Render(PortalName, content));
    }

    /// <summary>One event as a line of an e-mail (comments and descriptions in full, on the following lines).</summary>
    internal string EventLine(NotificationMailEvent e, bool forResident) => e.Kind switch
    {
        EmailKinds.StatusChanged => l["Email.Event.Status", e.ActorName, e.StatusText ?? ""],
        EmailKinds.CommentAdded => l["Email.Event.Comment", e.ActorName] + "\n" + e.Text,
        _ when forResident => l["Email.Event.CreatedForYou", e.ActorName] + (string.IsNullOrWhiteSpace(e.Text) ? "" : "\n" + e.Text),
        _ => l["Email.Event.Created", e.ActorName] + (string.IsNullOrWhiteSpace(e.Text) ? "" : "\n" + e.Text),
    };

    internal IReadOnlyList<string> Footer(string why, string unsubscribeUrl) =>
    [
        why,
        l["Email.Footer.Unsubscribe", unsubscribeUrl],
        l["Email.Footer.Preferences", links.Absolute("account/notifications")],
    ];

    internal static string Truncate(string subject) =>
        subject.Length <= OutgoingEmail.SubjectMaxLength ? subject : subject[..(OutgoingEmail.SubjectMaxLength - 1)] + "…";

    internal string Portal => PortalName;

    /// <summary>Runs <paramref name="render"/> with <paramref name="language"/> as the UI culture (synchronously: the culture is restored after).</summary>
    internal static T InCulture<T>(string language, Func<T> render)
    {
        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(
                NotificationPreferences.Languages.Contains(language) ? language : NotificationPreferences.DefaultLanguage);
            return render();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
        }
    }
}
