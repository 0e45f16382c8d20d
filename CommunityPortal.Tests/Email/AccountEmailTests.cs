using System.Net;
using System.Net.Http.Json;
using CommunityPortal.Features.Accounts;
using CommunityPortal.Features.Email;
using CommunityPortal.Features.Residents;
using CommunityPortal.Features.Users;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace CommunityPortal.Tests.Email;

/// <summary>The app sending to a loopback SMTP server, with a public address unlike any Host header a client sends.</summary>
public sealed class AccountMailFactory : SmtpAppFactory
{
    public const string PublicUrl = "https://portal.example.org";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [.. base.Settings, new("Portal:PublicUrl", PublicUrl)];
}

/// <summary>Invitations, password reset and the password-changed notice, delivered to a real SMTP server.</summary>
public class AccountEmailTests(AccountMailFactory factory) : IClassFixture<AccountMailFactory>
{
    private const string NewPassword = "una frase nueva y larga";

    private static string NewEmail(string name) => $"{name}-{Guid.NewGuid():N}@test.local";

    private static string NewUnit() => $"Unidad E-{Random.Shared.Next(1000, 999_999)}";

    private ResidentAdminService Residents => factory.Services.CreateScope().ServiceProvider.GetRequiredService<ResidentAdminService>();

    /// <summary>The button's link in an e-mail's plain-text part (the line after the button's text).</summary>
    private static string LinkIn(MimeMessage message, string start) =>
        message.TextBody!.Split('\n').Single(line => line.StartsWith(start, StringComparison.Ordinal)).Trim();

    [Fact]
    public async Task Adding_a_resident_emails_the_set_password_invitation_with_a_working_link()
    {
        var demo = await DemoData.LoadAsync(factory);
        var gestor = await ServiceUsers.GetAsync(factory, "gestor@demo.local");
        var email = NewEmail("invitada");

        var added = (await Residents.AddAsync(gestor, demo.Robles, new NewResidentRequest("Rosa Invitada", NewUnit(), email, null), default)).Value!;

        var message = Assert.Single(await factory.Smtp.WaitForToAsync(email));
        Assert.Equal("Tu cuenta en Portal Comunitario", message.Subject);
        Assert.Contains("Bienvenido/a, Rosa Invitada", message.TextBody);
        var link = LinkIn(message, AccountMailFactory.PublicUrl);
        Assert.Equal($"{AccountMailFactory.PublicUrl}/{added.SetupLink}", link);
        Assert.Contains(WebUtility.HtmlEncode(link), message.HtmlBody);
        var code = QueryHelpers.ParseQuery(new Uri(link).Query)["code"].ToString();
        Assert.NotNull(await factory.Services.GetRequiredService<AccountService>().FindSetupTargetAsync(added.UserId, code));
    }

    [Fact]
    public async Task An_account_outside_the_callers_scope_gets_no_invitation()
    {
        var demo = await DemoData.LoadAsync(factory);
        var gestor = await ServiceUsers.GetAsync(factory, "gestor@demo.local");
        var added = NewEmail("pendiente");
        var imported = NewEmail("pendiente-csv");
        await Residents.AddAsync(gestor, demo.Robles, new NewResidentRequest("Pendiente", NewUnit(), added, null), default);
        await Residents.AddAsync(gestor, demo.Robles, new NewResidentRequest("Pendiente Csv", NewUnit(), imported, null), default);

        var norte = await ServiceUsers.GetAsync(factory, "gestor.norte@demo.local");
        var again = (await Residents.AddAsync(norte, demo.VillaNorte, new NewResidentRequest("Pendiente", NewUnit(), added, null), default)).Value!;
        var import = (await Residents.ImportAsync(norte, demo.VillaNorte, [new ResidentCsvRow(2, "Pendiente Csv", NewUnit(), imported, null)], default)).Value!;

        Assert.Null(again.SetupLink);
        Assert.Null(Assert.Single(import.Created).SetupLink);
        await using var db = factory.CreateDbContext();
        Assert.Equal(1, await db.OutgoingEmails.CountAsync(e => e.ToAddress == added));
        Assert.Equal(1, await db.OutgoingEmails.CountAsync(e => e.ToAddress == imported));
    }

    [Fact]
    public async Task Creating_a_company_administrator_emails_the_invitation()
    {
        var demo = await DemoData.LoadAsync(factory);
        var admin = await ServiceUsers.GetAsync(factory, "admin@demo.local");
        await using var db = factory.CreateDbContext();
        var companyId = await db.Companies.Select(c => c.Id).FirstAsync();
        var email = NewEmail("gestora");
        _ = demo;

        var created = await factory.Services.CreateScope().ServiceProvider.GetRequiredService<UserAdminService>()
            .CreateAsync(admin, new NewCompanyAdmin("Gestora Nueva", email, companyId), default);

        Assert.True(created.Succeeded);
        var message = Assert.Single(await factory.Smtp.WaitForToAsync(email));
        Assert.Equal($"{AccountMailFactory.PublicUrl}/{created.Value!.SetupLink}", LinkIn(message, AccountMailFactory.PublicUrl));
    }

    [Fact]
    public async Task Forgot_password_emails_a_one_time_link_on_the_public_address_and_a_notice_after_the_change()
    {
        var email = await TestUsers.CreateResidentAsync(factory, "olvido");
        using var client = factory.CreateAnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/forgot-password") { Content = JsonContent.Create(new { email }) };
        request.Headers.Host = "evil.example";
        using var asked = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);

        var message = Assert.Single(await factory.Smtp.WaitForToAsync(email));
        Assert.Equal("Restablecer tu contraseña de Portal Comunitario", message.Subject);
        Assert.DoesNotContain("evil.example", message.TextBody);
        Assert.DoesNotContain("evil.example", message.HtmlBody);
        var link = new Uri(LinkIn(message, AccountMailFactory.PublicUrl + "/Account/ResetPassword?code="));
        var code = QueryHelpers.ParseQuery(link.Query)["code"].ToString();

        using var first = await client.PostAsJsonAsync("/api/auth/reset-password", new { email, token = code, newPassword = NewPassword });
        using var second = await client.PostAsJsonAsync("/api/auth/reset-password", new { email, token = code, newPassword = NewPassword + " otra" });

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        var notice = (await factory.Smtp.WaitForToAsync(email, 2)).Single(m => m.MessageId != message.MessageId);
        Assert.Equal("Tu contraseña de Portal Comunitario ha cambiado", notice.Subject);
        // Only the change that happened is announced.
        await using var db = factory.CreateDbContext();
        Assert.Equal(1, await db.OutgoingEmails.CountAsync(e => e.ToAddress == email && e.Kind == EmailKinds.PasswordChanged));
    }

    [Fact]
    public async Task Changing_ones_own_password_emails_a_notice_and_a_refused_change_does_not()
    {
        var email = await TestUsers.CreateResidentAsync(factory, "cambio");
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        await StaticForms.SignInAsync(client, email);

        using var wrong = await StaticForms.PostAsync(client, "/Account/Manage/ChangePassword", "change-password", new()
        {
            ["Input.OldPassword"] = "no es la clave actual",
            ["Input.NewPassword"] = NewPassword,
            ["Input.ConfirmPassword"] = NewPassword,
        });
        using var changed = await StaticForms.PostAsync(client, "/Account/Manage/ChangePassword", "change-password", new()
        {
            ["Input.OldPassword"] = PortalAppFactory.DemoPassword,
            ["Input.NewPassword"] = NewPassword,
            ["Input.ConfirmPassword"] = NewPassword,
        });

        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        var notice = Assert.Single(await factory.Smtp.WaitForToAsync(email));
        Assert.Equal("Tu contraseña de Portal Comunitario ha cambiado", notice.Subject);
        Assert.Contains($"{AccountMailFactory.PublicUrl}/Account/ForgotPassword", notice.TextBody);
        await using var db = factory.CreateDbContext();
        Assert.Equal(1, await db.OutgoingEmails.CountAsync(e => e.ToAddress == email));
    }

    [Fact]
    public async Task The_password_changed_notice_follows_the_language_the_account_chose_not_the_pages()
    {
        var email = await TestUsers.CreateResidentAsync(factory, "chose-en");
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        await StaticForms.SignInAsync(client, email);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var user = await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<CommunityPortal.Data.ApplicationUser>>().FindByEmailAsync(email);
            var stored = await scope.ServiceProvider.GetRequiredService<CommunityPortal.Features.Notifications.NotificationPreferenceService>()
                .UpdateAsync(user!.Id, new CommunityPortal.Features.Notifications.UpdatePreferencesRequest("en", null), default);
            Assert.True(stored.Succeeded);
        }

        // The page is in Spanish (no culture cookie); the account said English.
        using var changed = await StaticForms.PostAsync(client, "/Account/Manage/ChangePassword", "change-password", new()
        {
            ["Input.OldPassword"] = PortalAppFactory.DemoPassword,
            ["Input.NewPassword"] = NewPassword,
            ["Input.ConfirmPassword"] = NewPassword,
        });

        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        var notice = Assert.Single(await factory.Smtp.WaitForToAsync(email));
        Assert.Equal("Your Community Portal password has changed", notice.Subject);
    }

    [Fact]
    public async Task Forgot_password_for_an_unknown_address_queues_nothing()
    {
        var unknown = NewEmail("nadie");
        using var client = factory.CreateAnonymousClient();

        using var asked = await client.PostAsJsonAsync("/api/auth/forgot-password", new { email = unknown });

        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        await using var db = factory.CreateDbContext();
        Assert.False(await db.OutgoingEmails.AnyAsync(e => e.ToAddress == unknown));
    }

    [Fact]
    public async Task The_reset_email_is_in_english_when_asked_in_english()
    {
        var email = await TestUsers.CreateResidentAsync(factory, "english");
        using var client = factory.CreateAnonymousClient();
        client.DefaultRequestHeaders.Add("Cookie", ".AspNetCore.Culture=c%3Den%7Cuic%3Den");

        using var asked = await client.PostAsJsonAsync("/api/auth/forgot-password", new { email });

        var message = Assert.Single(await factory.Smtp.WaitForToAsync(email));
        Assert.Equal("Reset your Community Portal password", message.Subject);
        Assert.Contains("It works once and expires in one hour.", message.TextBody);
    }

    [Fact]
    public async Task Importing_200_residents_queues_200_invitations_one_per_account_with_its_own_link()
    {
        var demo = await DemoData.LoadAsync(factory);
        var gestor = await ServiceUsers.GetAsync(factory, "gestor@demo.local");
        var tag = Guid.NewGuid().ToString("N")[..8];
        var rows = Enumerable.Range(1, 200).Select(i => new ResidentCsvRow(i + 1, $"Vecina {i}", $"Casa {tag}-{i}", $"i{i}-{tag}@test.local", null)).ToList();

        var result = (await Residents.ImportAsync(gestor, demo.Torres, rows, default)).Value!;

        Assert.Equal(200, result.Created.Count);
        await using var db = factory.CreateDbContext();
        var invitations = await db.OutgoingEmails.AsNoTracking()
            .Where(e => e.Kind == EmailKinds.Invitation && e.ToAddress.EndsWith($"-{tag}@test.local")).ToListAsync();
        Assert.Equal(200, invitations.Count);
        Assert.All(result.Created, c => Assert.Contains(
            invitations.Single(e => e.UserId == c.UserId).TextBody.Split('\n'), line => line == $"{AccountMailFactory.PublicUrl}/{c.SetupLink}"));
    }
}
