using CommunityPortal.Features.Email;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Email;

/// <summary>Queues outbox rows the way a feature does (EmailOutbox on a context, then its save) and reads them back.</summary>
internal static class OutboxTestMail
{
    public static async Task<OutgoingEmail> QueueAsync(PortalAppFactory factory, string to, Action<OutgoingEmail>? change = null)
    {
        var email = new OutgoingEmail
        {
            Kind = EmailKinds.Test,
            ToAddress = to,
            ToName = "Ana Vecina",
            Subject = "Prueba " + Guid.NewGuid().ToString("N")[..6],
            TextBody = "Hola, esto es texto.",
            HtmlBody = "<p>Hola, esto es <b>HTML</b>.</p>",
            MessageId = $"{Guid.NewGuid():N}@test.portal",
        };
        change?.Invoke(email);
        await using var db = factory.CreateDbContext();
        factory.Services.GetRequiredService<EmailOutbox>().Queue(db, email);
        await db.SaveChangesAsync();
        return email;
    }

    public static async Task<OutgoingEmail> RowAsync(PortalAppFactory factory, long id)
    {
        await using var db = factory.CreateDbContext();
        return await db.OutgoingEmails.AsNoTracking().SingleAsync(e => e.Id == id);
    }

    public static Task UntilAsync(PortalAppFactory factory, long id, Func<OutgoingEmail, bool> state, string what) =>
        Poll.UntilAsync(async () => state(await RowAsync(factory, id)), what);
}
