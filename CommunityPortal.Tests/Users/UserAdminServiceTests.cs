using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommunityPortal.Auth;
using CommunityPortal.Features.Accounts;
using CommunityPortal.Features.Users;
using CommunityPortal.Shared;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Users;

/// <summary>The users page's service: company administrators created with a link, reassigned, locked and unlocked by SYSTEM_ADMIN only.</summary>
public class UserAdminServiceTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private const string NewPassword = "una frase larga y segura";
    private static readonly string[] DemoCompanyCommunities = ["Residencial Los Robles", "Torres del Parque"];

    private UserAdminService Service => factory.Services.GetRequiredService<UserAdminService>();

    private Task<CurrentUser> Admin() => ServiceUsers.GetAsync(factory, "admin@demo.local");

    [Fact]
    public async Task The_list_shows_every_administrator_with_company_and_state_and_no_residents()
    {
        var admin = await Admin();

        var list = (await Service.ListAsync(admin, new AdminAccountQuery(PageSize: 200), default)).Value!;

        var gestor = list.Items.Single(a => a.Email == "gestor@demo.local");
        Assert.Equal(("Gestor Demo", "Administradora Demo", AdminAccountState.Active, false, true),
            (gestor.DisplayName, gestor.CompanyName, gestor.State, gestor.IsSystemAdmin, gestor.CanManage));
        Assert.Equal("Gestiones Norte", list.Items.Single(a => a.Email == "gestor.norte@demo.local").CompanyName);
        var self = list.Items.Single(a => a.Email == "admin@demo.local");
        Assert.True(self.IsSystemAdmin && self.IsSelf && !self.CanManage);
        Assert.DoesNotContain(list.Items, a => a.Email is "ana@demo.local" or "luis@demo.local" or "marta@demo.local");
        Assert.Equal(list.Items.Count, list.TotalCount);
        Assert.Equal(list.Items.OrderBy(a => SearchText.Fold(a.DisplayName), StringComparer.Ordinal).Select(a => a.UserId), list.Items.Select(a => a.UserId));
    }

    [Fact]
    public async Task Search_matches_every_word_in_name_email_or_company_and_pages_in_the_database()
    {
        var admin = await Admin();

        var norte = await EmailsAsync(admin, "NORTE gestor");
        Assert.Contains("gestor.norte@demo.local", norte);
        Assert.DoesNotContain("gestor@demo.local", norte);
        var byCompany = await EmailsAsync(admin, "administradora");
        Assert.Contains("gestor@demo.local", byCompany);
        Assert.DoesNotContain("gestor.norte@demo.local", byCompany);
        Assert.Equal(["admin@demo.local"], await EmailsAsync(admin, "admin@demo"));
        // "Administración del sistema" found without the accent and in capitals.
        Assert.Contains("admin@demo.local", await EmailsAsync(admin, "ADMINISTRACION"));
        // A wildcard is a character to find, not "anything".
        Assert.Empty(await EmailsAsync(admin, "%"));

        var all = (await Service.ListAsync(admin, new AdminAccountQuery(PageSize: 200), default)).Value!;
        var second = (await Service.ListAsync(admin, new AdminAccountQuery(Page: 2, PageSize: 1), default)).Value!;
        Assert.Equal(all.TotalCount, second.TotalCount);
        Assert.Equal(all.Items[1].UserId, Assert.Single(second.Items).UserId);
        Assert.Equal(ServiceError.Invalid, (await Service.ListAsync(admin, new AdminAccountQuery(Page: 0), default)).Error);
    }

    [Fact]
    public async Task A_new_company_admin_sets_a_password_through_the_link_and_sees_only_their_companys_tickets()
    {
        var admin = await Admin();
        var norte = await CompanyIdAsync("Gestiones Norte");
        var email = NewEmail();

        var created = await Service.CreateAsync(admin, new NewCompanyAdmin("  Nuria Norte ", email, norte), default);

        Assert.True(created.Succeeded);
        Assert.Equal(AdminAccountState.AwaitingPassword, (await RowAsync(admin, email)).State);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(email, NewPassword)).Status);
        await UseLinkAsync(created.Value!.SetupLink);
        var row = await RowAsync(admin, email);
        Assert.Equal(("Nuria Norte", "Gestiones Norte", AdminAccountState.Active), (row.DisplayName, row.CompanyName, row.State));

        var communities = await TicketCommunitiesAsync(email);
        await using var db = factory.CreateDbContext();
        Assert.Equal(await db.Tickets.CountAsync(t => !t.IsDeleted && t.Community.Name == "Villa Norte"), communities.Count);
        Assert.All(communities, c => Assert.Equal("Villa Norte", c));
    }

    [Fact]
    public async Task Moving_an_admin_to_another_company_ends_their_sessions_and_they_then_see_only_the_new_companys_tickets()
    {
        var admin = await Admin();
        var (email, userId) = await ReadyCompanyAdminAsync("Gestiones Norte");
        var session = await LoginAsync(email, NewPassword);
        Assert.All(await TicketCommunitiesAsync(email), c => Assert.Equal("Villa Norte", c));

        var moved = await Service.ChangeCompanyAsync(admin, userId, await CompanyIdAsync("Administradora Demo"), default);

        Assert.True(moved.Succeeded);
        Assert.Equal("Administradora Demo", (await RowAsync(admin, email)).CompanyName);
        Assert.Equal(HttpStatusCode.Unauthorized, await RefreshAsync(session.RefreshToken!));
        var communities = await TicketCommunitiesAsync(email);
        Assert.NotEmpty(communities);
        Assert.All(communities, c => Assert.Contains(c, DemoCompanyCommunities));
        Assert.Contains("Residencial Los Robles", communities);
        Assert.DoesNotContain("Villa Norte", communities);
    }

    [Fact]
    public async Task Keeping_the_same_company_changes_nothing_and_an_unknown_company_is_refused()
    {
        var admin = await Admin();
        var (email, userId) = await ReadyCompanyAdminAsync("Gestiones Norte");
        var session = await LoginAsync(email, NewPassword);

        Assert.True((await Service.ChangeCompanyAsync(admin, userId, await CompanyIdAsync("Gestiones Norte"), default)).Succeeded);
        Assert.Equal(HttpStatusCode.OK, await RefreshAsync(session.RefreshToken!));

        var unknown = await Service.ChangeCompanyAsync(admin, userId, 99_999, default);
        Assert.Equal(ServiceError.Invalid, unknown.Error);
        Assert.Equal("Esa empresa no existe.", Assert.Single(unknown.Errors!["companyId"]));
        Assert.Equal(ServiceError.Invalid, (await Service.ChangeCompanyAsync(admin, userId, null, default)).Error);
        Assert.Equal("Gestiones Norte", (await RowAsync(admin, email)).CompanyName);
        Assert.Equal(ServiceError.NotFound, (await Service.ChangeCompanyAsync(admin, "nadie", await CompanyIdAsync("Gestiones Norte"), default)).Error);
    }

    [Fact]
    public async Task A_locked_company_admin_cannot_sign_in_until_unlocked()
    {
        var admin = await Admin();
        var (email, userId) = await ReadyCompanyAdminAsync("Gestiones Norte");
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(email, NewPassword)).Status);

        Assert.True((await Service.LockAsync(admin, userId, default)).Succeeded);
        Assert.Equal(AdminAccountState.Locked, (await RowAsync(admin, email)).State);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(email, NewPassword)).Status);

        Assert.True((await Service.UnlockAsync(admin, userId, default)).Succeeded);
        Assert.Equal(AdminAccountState.Active, (await RowAsync(admin, email)).State);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(email, NewPassword)).Status);
    }

    [Fact]
    public async Task A_lockout_after_failed_attempts_shuts_out_only_the_guessing_address_and_unlock_clears_it()
    {
        var admin = await Admin();
        var (email, userId) = await ReadyCompanyAdminAsync("Gestiones Norte");
        for (var i = 0; i < PortalIdentityOptions.MaxFailedAttempts; i++)
        {
            await LoginAsync(email, "una contraseña equivocada");
        }

        // Failures lock out the address they came from (see SignInLockoutTests), not the account: whoever knows an
        // administrator's e-mail must not be able to lock them out.
        Assert.Equal(AdminAccountState.Active, (await RowAsync(admin, email)).State);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(email, NewPassword)).Status);

        Assert.True((await Service.UnlockAsync(admin, userId, default)).Succeeded);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(email, NewPassword)).Status);
    }

    [Fact]
    public async Task A_new_link_voids_the_earlier_one()
    {
        var admin = await Admin();
        var created = (await Service.CreateAsync(admin, new NewCompanyAdmin("Lola Link", NewEmail(), await CompanyIdAsync("Gestiones Norte")), default)).Value!;

        var second = await Service.CreateSetupLinkAsync(admin, created.UserId, default);

        Assert.StartsWith(AccountService.SetupPath + "?userId=", second.Value, StringComparison.Ordinal);
        Assert.Equal(ServiceError.NotFound, (await SetPasswordAsync(created.SetupLink)).Error);
        Assert.True((await SetPasswordAsync(second.Value!)).Succeeded);
    }

    [Theory]
    [InlineData("gestor@demo.local")]
    [InlineData("ana@demo.local")]
    public async Task Nobody_but_the_system_admin_may_use_it(string email)
    {
        var caller = await ServiceUsers.GetAsync(factory, email);
        var norte = await ServiceUsers.GetAsync(factory, "gestor.norte@demo.local");
        var demo = await CompanyIdAsync("Administradora Demo");
        var newEmail = NewEmail();

        Assert.Equal(ServiceError.Forbidden, (await Service.ListAsync(caller, new AdminAccountQuery(), default)).Error);
        Assert.Equal(ServiceError.Forbidden, (await Service.ListCompaniesAsync(caller, default)).Error);
        Assert.Equal(ServiceError.Forbidden, (await Service.CreateAsync(caller, new NewCompanyAdmin("Intruso", newEmail, demo), default)).Error);
        Assert.Equal(ServiceError.Forbidden, (await Service.ChangeCompanyAsync(caller, norte.UserId, demo, default)).Error);
        Assert.Equal(ServiceError.Forbidden, (await Service.CreateSetupLinkAsync(caller, norte.UserId, default)).Error);
        Assert.Equal(ServiceError.Forbidden, (await Service.LockAsync(caller, norte.UserId, default)).Error);
        Assert.Equal(ServiceError.Forbidden, (await Service.UnlockAsync(caller, norte.UserId, default)).Error);

        await using var db = factory.CreateDbContext();
        Assert.False(await db.Users.AnyAsync(u => u.Email == newEmail));
        var target = await db.Users.SingleAsync(u => u.Id == norte.UserId);
        Assert.Equal(norte.CompanyId, target.CompanyId);
        Assert.Null(target.LockoutEnd);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync("gestor.norte@demo.local", PortalAppFactory.DemoPassword)).Status);
    }

    [Fact]
    public async Task The_system_admin_cannot_lock_themself_nor_manage_another_system_admin()
    {
        var admin = await Admin();

        var self = await Service.LockAsync(admin, admin.UserId, default);

        Assert.Equal(ServiceError.Invalid, self.Error);
        Assert.Equal("No puedes bloquear tu propia cuenta.", Assert.Single(self.Errors!["userId"]));
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync("admin@demo.local", PortalAppFactory.DemoPassword)).Status);

        var accounts = factory.Services.GetRequiredService<AccountService>();
        var otherId = (await accounts.CreateAsync(new NewAccount(NewEmail(), "Otra Sistema", Roles.SystemAdmin), default)).Value!;
        Assert.Equal(ServiceError.NotFound, (await Service.LockAsync(admin, otherId, default)).Error);
        Assert.Equal(ServiceError.NotFound, (await Service.CreateSetupLinkAsync(admin, otherId, default)).Error);
        Assert.Equal(ServiceError.NotFound, (await Service.ChangeCompanyAsync(admin, otherId, await CompanyIdAsync("Gestiones Norte"), default)).Error);
        Assert.Equal(ServiceError.NotFound, (await Service.LockAsync(admin, "nadie", default)).Error);
        await using var db = factory.CreateDbContext();
        var other = await db.Users.SingleAsync(u => u.Id == otherId);
        Assert.Null(other.LockoutEnd);
        Assert.Null(other.CompanyId);
    }

    [Theory]
    [InlineData("Otro Gestor", "gestor@demo.local", "Administradora Demo", ServiceError.Conflict, "email", "Ya existe una cuenta con el correo gestor@demo.local.")]
    [InlineData("Otro Gestor", "GESTOR@demo.local", "Administradora Demo", ServiceError.Conflict, "email", null)]
    [InlineData("Otro Gestor", "no es un correo", "Administradora Demo", ServiceError.Invalid, "email", "Escribe un correo electrónico válido.")]
    [InlineData("Otro Gestor", " ", "Administradora Demo", ServiceError.Invalid, "email", "Escribe un correo electrónico válido.")]
    [InlineData("   ", "{new}", "Administradora Demo", ServiceError.Invalid, "displayName", "Escribe el nombre de la persona.")]
    [InlineData("Otro Gestor", "{new}", null, ServiceError.Invalid, "companyId", "Elige la empresa que administrará.")]
    [InlineData("Otro Gestor", "{new}", "{unknown}", ServiceError.Invalid, "companyId", "Esa empresa no existe.")]
    public async Task Bad_input_is_refused_by_field_and_creates_nothing(
        string name, string email, string? company, ServiceError expected, string field, string? message)
    {
        var admin = await Admin();
        email = email == "{new}" ? NewEmail() : email;
        int? companyId = company switch
        {
            null => null,
            "{unknown}" => 99_999,
            _ => await CompanyIdAsync(company),
        };
        await using var db = factory.CreateDbContext();
        var before = await db.Users.CountAsync();

        var created = await Service.CreateAsync(admin, new NewCompanyAdmin(name, email, companyId), default);

        Assert.Equal(expected, created.Error);
        var messages = created.Errors![field];
        if (message is not null)
        {
            Assert.Equal(message, Assert.Single(messages));
        }

        Assert.Equal(before, await db.Users.CountAsync());
    }

    private static string NewEmail() => $"gestor-{Guid.NewGuid():N}@test.local";

    private async Task<List<string>> EmailsAsync(CurrentUser admin, string q) =>
        (await Service.ListAsync(admin, new AdminAccountQuery(q, PageSize: 200), default)).Value!.Items.Select(a => a.Email).ToList();

    private async Task<AdminAccountDto> RowAsync(CurrentUser admin, string email) =>
        Assert.Single((await Service.ListAsync(admin, new AdminAccountQuery(email), default)).Value!.Items);

    private async Task<int> CompanyIdAsync(string name)
    {
        await using var db = factory.CreateDbContext();
        return await db.Companies.Where(c => c.Name == name).Select(c => c.Id).SingleAsync();
    }

    /// <summary>A company administrator who has already chosen <see cref="NewPassword"/> through their link.</summary>
    private async Task<(string Email, string UserId)> ReadyCompanyAdminAsync(string company)
    {
        var email = NewEmail();
        var created = (await Service.CreateAsync(await Admin(), new NewCompanyAdmin("Gestora Prueba", email, await CompanyIdAsync(company)), default)).Value!;
        await UseLinkAsync(created.SetupLink);
        return (email, created.UserId);
    }

    private async Task UseLinkAsync(string link) => Assert.True((await SetPasswordAsync(link)).Succeeded);

    private Task<ServiceResult> SetPasswordAsync(string link)
    {
        var query = QueryHelpers.ParseQuery(new Uri(new Uri("http://portal/"), link).Query);
        return factory.Services.GetRequiredService<AccountService>().SetPasswordWithLinkAsync(query["userId"], query["code"], NewPassword);
    }

    private sealed record Session(HttpStatusCode Status, string? AccessToken, string? RefreshToken);

    private async Task<Session> LoginAsync(string email, string password)
    {
        using var client = factory.CreateAnonymousClient();
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password });
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return new Session(response.StatusCode, null, null);
        }

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new Session(response.StatusCode, body.GetProperty("accessToken").GetString(), body.GetProperty("refreshToken").GetString());
    }

    private async Task<HttpStatusCode> RefreshAsync(string refreshToken)
    {
        using var client = factory.CreateAnonymousClient();
        using var response = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken });
        return response.StatusCode;
    }

    /// <summary>Signs in afresh (so the token carries the current company) and lists the admin's tickets by community.</summary>
    private async Task<List<string>> TicketCommunitiesAsync(string email)
    {
        var session = await LoginAsync(email, NewPassword);
        Assert.Equal(HttpStatusCode.OK, session.Status);
        using var client = factory.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", session.AccessToken);
        using var response = await client.GetAsync("/api/tickets?pageSize=200");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tickets = await response.Content.ReadFromJsonAsync<JsonElement>();
        return tickets.EnumerateArray().Select(t => t.GetProperty("communityName").GetString()!).ToList();
    }
}
