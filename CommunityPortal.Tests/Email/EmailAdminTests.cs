using System.Security.Claims;
using Bunit;
using CommunityPortal.Auth;
using CommunityPortal.Features.Email;
using CommunityPortal.Shared;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Email;

/// <summary>/admin/email's service against a real SMTP server: the queue, retry, discard, the test e-mail, the dashboard's warning.</summary>
public class EmailAdminServiceTests(SmtpAppFactory factory) : IClassFixture<SmtpAppFactory>
{
    private EmailAdminService Service => factory.Services.CreateScope().ServiceProvider.GetRequiredService<EmailAdminService>();

    private Task<CurrentUser> AdminAsync() => ServiceUsers.GetAsync(factory, "admin@demo.local");

    [Fact]
    public async Task A_550_shows_as_failed_with_the_servers_answer_and_retry_sends_it_once_the_address_works()
    {
        var to = $"rebota-{Guid.NewGuid():N}@demo.local";
        factory.Smtp.Reject(to, "5.1.1 Usuario desconocido");
        var email = await OutboxTestMail.QueueAsync(factory, to);
        await OutboxTestMail.UntilAsync(factory, email.Id, e => e.Status == OutgoingEmailStatus.Failed, "the row failed");
        var admin = await AdminAsync();

        var failed = (await Service.ListAsync(admin, new EmailQueueQuery(OutgoingEmailStatus.Failed, 1, 200), default)).Value!;
        var row = Assert.Single(failed.Items, i => i.Id == email.Id);
        Assert.Contains("550", row.LastError);
        Assert.Contains("Usuario desconocido", row.LastError);
        Assert.True(row.CanRetry && row.CanDiscard);
        Assert.DoesNotContain((await Service.ListAsync(admin, new EmailQueueQuery(OutgoingEmailStatus.Pending, 1, 200), default)).Value!.Items, i => i.Id == email.Id);

        await using (var db = factory.CreateDbContext())
        {
            Assert.Equal(1, (await db.OutgoingEmails.SingleAsync(e => e.Id == email.Id)).Attempts);
        }

        // The mailbox exists now (the resident fixed their address with the provider): retry delivers it.
        factory.Smtp.Accept(to);
        Assert.True((await Service.RetryAsync(admin, email.Id, default)).Succeeded);
        Assert.Single(await factory.Smtp.WaitForToAsync(to));
        await OutboxTestMail.UntilAsync(factory, email.Id, e => e.Status == OutgoingEmailStatus.Sent, "the row sent");
        Assert.Equal(ServiceError.Conflict, (await Service.RetryAsync(admin, email.Id, default)).Error);
    }

    [Fact]
    public async Task A_discarded_email_is_never_sent()
    {
        await factory.Smtp.StopAsync();
        try
        {
            var to = $"descartado-{Guid.NewGuid():N}@demo.local";
            var email = await OutboxTestMail.QueueAsync(factory, to);
            await OutboxTestMail.UntilAsync(factory, email.Id, e => e.Attempts == 1, "a failed attempt");

            Assert.True((await Service.DiscardAsync(await AdminAsync(), email.Id, default)).Succeeded);

            factory.Smtp.Start();
            factory.Clock.Advance(TimeSpan.FromHours(2));
            var marker = $"marca-{Guid.NewGuid():N}@demo.local";
            await OutboxTestMail.QueueAsync(factory, marker);
            await factory.Smtp.WaitForToAsync(marker);
            Assert.Empty(factory.Smtp.To(to));
            Assert.Equal(OutgoingEmailStatus.Discarded, (await OutboxTestMail.RowAsync(factory, email.Id)).Status);
        }
        finally
        {
            factory.Smtp.Start();
        }
    }

    [Fact]
    public async Task The_test_email_goes_to_the_typed_address_and_a_bad_one_is_refused()
    {
        var admin = await AdminAsync();
        var to = $"prueba-{Guid.NewGuid():N}@demo.local";

        var queued = await Service.SendTestAsync(admin, $"  {to} ", default);
        var invalid = await Service.SendTestAsync(admin, "no-es-correo", default);

        Assert.True(queued.Succeeded);
        var message = Assert.Single(await factory.Smtp.WaitForToAsync(to));
        Assert.Equal("Correo de prueba de Portal Comunitario", message.Subject);
        Assert.Equal(ServiceError.Invalid, invalid.Error);
        Assert.Equal(["Escribe una dirección de correo válida."], invalid.Errors!["to"]);
        Assert.Equal("admin@demo.local", await Service.OwnAddressAsync(admin, default));
    }

    [Fact]
    public async Task Only_the_system_administrator_sees_or_changes_the_queue()
    {
        var email = await OutboxTestMail.QueueAsync(factory, $"otro-{Guid.NewGuid():N}@demo.local");
        foreach (var who in new[] { "gestor@demo.local", "ana@demo.local" })
        {
            var user = await ServiceUsers.GetAsync(factory, who);
            Assert.False(EmailAdminService.CanManage(user));
            Assert.Equal(ServiceError.NotFound, (await Service.ListAsync(user, new EmailQueueQuery(), default)).Error);
            Assert.Equal(ServiceError.NotFound, (await Service.RetryAsync(user, email.Id, default)).Error);
            Assert.Equal(ServiceError.NotFound, (await Service.DiscardAsync(user, email.Id, default)).Error);
            Assert.Equal(ServiceError.NotFound, (await Service.SendTestAsync(user, "x@demo.local", default)).Error);
            Assert.Null(await Service.GetHealthAsync(user, default));
        }
    }
}

/// <summary>The dashboard's warning needs an hour of failures, so it has its own app (and clock).</summary>
public class EmailHealthTests(SmtpAppFactory factory) : IClassFixture<SmtpAppFactory>
{
    [Fact]
    public async Task The_dashboard_warns_once_messages_have_been_failing_for_more_than_an_hour()
    {
        var admin = await ServiceUsers.GetAsync(factory, "admin@demo.local");
        var service = factory.Services.CreateScope().ServiceProvider.GetRequiredService<EmailAdminService>();
        await factory.Smtp.StopAsync();
        try
        {
            var email = await OutboxTestMail.QueueAsync(factory, $"atascado-{Guid.NewGuid():N}@demo.local");
            await OutboxTestMail.UntilAsync(factory, email.Id, e => e.Attempts == 1, "a failed attempt");
            Assert.Equal(new EmailHealthDto(true, 0), await service.GetHealthAsync(admin, default));

            factory.Clock.Advance(TimeSpan.FromMinutes(61));

            Assert.Equal(new EmailHealthDto(true, 1), await service.GetHealthAsync(admin, default));
        }
        finally
        {
            factory.Smtp.Start();
        }
    }
}

/// <summary>The page: the failed row with the server's answer, and the retry button.</summary>
public class EmailAdminPageTests : PortalComponentTest, IClassFixture<SmtpAppFactory>
{
    private readonly SmtpAppFactory app;

    public EmailAdminPageTests(SmtpAppFactory app)
    {
        this.app = app;
        Context.Services.AddScoped(_ => app.Services.CreateScope().ServiceProvider.GetRequiredService<EmailAdminService>());
        Context.Services.AddScoped<CurrentUserAccessor>();
    }

    [Fact]
    public async Task A_failed_email_shows_the_servers_answer_and_can_be_retried()
    {
        var to = $"pagina-{Guid.NewGuid():N}@demo.local";
        app.Smtp.Reject(to, "5.1.1 Buzon inexistente");
        var email = await OutboxTestMail.QueueAsync(app, to);
        await OutboxTestMail.UntilAsync(app, email.Id, e => e.Status == OutgoingEmailStatus.Failed, "the row failed");
        var admin = await ServiceUsers.GetAsync(app, "admin@demo.local");
        Context.AddAuthorization().SetAuthorized("admin@demo.local").SetRoles(Roles.SystemAdmin)
            .SetClaims(new Claim(ClaimTypes.NameIdentifier, admin.UserId));
        Context.Render<MudBlazor.MudPopoverProvider>();

        var page = Context.Render<EmailAdminPage>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find($"[data-email-id='{email.Id}']")));
        var row = page.Find($"[data-email-id='{email.Id}']").ParentElement!;
        Assert.Equal("Failed", page.Find($"[data-email-id='{email.Id}']").GetAttribute("data-status"));
        Assert.Contains("550", row.QuerySelector("[data-testid=email-last-error]")!.TextContent);
        Assert.Contains("Buzon inexistente", row.QuerySelector("[data-testid=email-last-error]")!.TextContent);
        Assert.Equal("admin@demo.local", page.Find("input[data-testid=email-test-address], [data-testid=email-test-address] input").GetAttribute("value"));

        app.Smtp.Accept(to);
        row.QuerySelector("[data-testid=email-retry]")!.Click();

        Assert.Single(await app.Smtp.WaitForToAsync(to));
    }
}
