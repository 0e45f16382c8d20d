using System.Net;
using System.Net.Http.Json;
using CommunityPortal.Auth;
using CommunityPortal.Features.Accounts;
using CommunityPortal.Features.Residents;
using CommunityPortal.Shared;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Accounts;

/// <summary>Accounts created by administrators, one-time set-password links, deactivated residents and locked accounts.</summary>
public class AccountSetupTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private const string NewPassword = "una frase larga y segura";

    private AccountService Accounts => factory.Services.GetRequiredService<AccountService>();

    [Fact]
    public async Task An_administrator_creates_an_account_without_a_password_that_cannot_sign_in_yet()
    {
        var email = $"nuevo-{Guid.NewGuid():N}@test.local";

        var created = await Accounts.CreateAsync(new NewAccount(email, "Nuevo Vecino", Roles.Resident), default);

        Assert.True(created.Succeeded);
        await using var db = factory.CreateDbContext();
        var user = await db.Users.SingleAsync(u => u.Id == created.Value);
        Assert.Equal("Nuevo Vecino", user.DisplayName);
        Assert.Null(user.PasswordHash);
        Assert.True(await db.UserRoles.AnyAsync(ur => ur.UserId == user.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Resident)));
        Assert.Equal(HttpStatusCode.Unauthorized, await LoginStatusAsync(email, PortalAppFactory.DemoPassword));
    }

    [Theory]
    [InlineData("ana@demo.local", ServiceError.Conflict)]
    [InlineData("ANA@demo.local", ServiceError.Conflict)]
    [InlineData("no es un correo", ServiceError.Invalid)]
    public async Task A_taken_or_malformed_email_is_refused_by_field(string email, ServiceError expected)
    {
        var created = await Accounts.CreateAsync(new NewAccount(email, "Otra Ana", Roles.Resident), default);

        Assert.Equal(expected, created.Error);
        Assert.True(created.Errors!.ContainsKey("email"));
    }

    [Fact]
    public async Task The_link_greets_the_person_sets_the_password_once_and_then_stops_working()
    {
        var (email, link) = await NewAccountWithLinkAsync("Rosa Díaz");
        using var client = factory.CreateAnonymousClient();

        var page = await GetPageAsync(client, link);
        Assert.Contains("Hola, Rosa Díaz", page, StringComparison.Ordinal);
        Assert.Contains($"value=\"{email}\"", page, StringComparison.Ordinal);

        using var saved = await PostPasswordAsync(client, link, NewPassword, NewPassword);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.EndsWith("Account/Login", saved.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await LoginStatusAsync(email, NewPassword));

        var again = await GetPageAsync(client, link);
        Assert.Contains("data-testid=\"setup-invalid\"", again, StringComparison.Ordinal);
        Assert.DoesNotContain("Rosa Díaz", again, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_short_or_mismatched_password_is_explained_and_the_link_keeps_working()
    {
        var (email, link) = await NewAccountWithLinkAsync("Pedro Ruiz");
        using var client = factory.CreateAnonymousClient();

        var tooShort = await ReadAsync(await PostPasswordAsync(client, link, "corta", "corta"));
        Assert.Contains("entre 12 y 100 caracteres", tooShort, StringComparison.Ordinal);
        var mismatch = await ReadAsync(await PostPasswordAsync(client, link, NewPassword, NewPassword + "x"));
        Assert.Contains("Las contraseñas no coinciden.", mismatch, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, await LoginStatusAsync(email, NewPassword));

        using var saved = await PostPasswordAsync(client, link, NewPassword, NewPassword);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
    }

    [Fact]
    public async Task Issuing_a_new_link_voids_the_earlier_one()
    {
        var (email, first) = await NewAccountWithLinkAsync("Elena Soto");
        var userId = await UserIdAsync(email);
        var second = (await Accounts.CreateSetupLinkAsync(await SystemAdminAsync(), userId, companyAdmins: false, default)).Value!;
        using var client = factory.CreateAnonymousClient();

        Assert.Contains("data-testid=\"setup-invalid\"", await GetPageAsync(client, first), StringComparison.Ordinal);
        Assert.Contains("Hola, Elena Soto", await GetPageAsync(client, second), StringComparison.Ordinal);
    }

    /// <summary>Every link goes through AccountService, which refuses an account outside the caller's scope before touching it.</summary>
    [Theory]
    [InlineData("gestor.norte@demo.local", "robles-pending", false)]
    [InlineData("gestor.norte@demo.local", "ana@demo.local", false)]
    [InlineData("gestor@demo.local", "gestor.norte@demo.local", false)]
    [InlineData("gestor@demo.local", "admin@demo.local", false)]
    [InlineData("admin@demo.local", "gestor.norte@demo.local", false)]
    [InlineData("admin@demo.local", "admin@demo.local", true)]
    public async Task No_link_is_issued_for_an_account_outside_the_callers_scope(string callerEmail, string target, bool companyAdmins)
    {
        var demo = await DemoData.LoadAsync(factory);
        if (target == "robles-pending")
        {
            var gestor = await ServiceUsers.GetAsync(factory, "gestor@demo.local");
            target = $"pendiente-{Guid.NewGuid():N}@test.local";
            var added = await factory.Services.CreateScope().ServiceProvider.GetRequiredService<ResidentAdminService>()
                .AddAsync(gestor, demo.Robles, new NewResidentRequest("Pendiente", $"Casa P-{Guid.NewGuid():N}", target, null), default);
            Assert.NotNull(added.Value!.SetupLink);
        }

        var userId = await UserIdAsync(target);
        string? Stamp(CommunityPortal.Data.AppDbContext db) => db.Users.AsNoTracking().Single(u => u.Id == userId).SecurityStamp;
        await using var db = factory.CreateDbContext();
        var stamp = Stamp(db);

        var link = await Accounts.CreateSetupLinkAsync(await ServiceUsers.GetAsync(factory, callerEmail), userId, companyAdmins, default);

        Assert.Equal(ServiceError.Forbidden, link.Error);
        Assert.Equal(stamp, Stamp(db));
    }

    [Theory]
    [InlineData("Account/SetupPassword")]
    [InlineData("Account/SetupPassword?userId=nadie&code=abc")]
    [InlineData("Account/SetupPassword?userId=nadie&code=%%%")]
    public async Task A_broken_link_says_so_without_an_error_page(string link)
    {
        using var client = factory.CreateAnonymousClient();

        using var response = await client.GetAsync(link);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Este enlace ya no sirve", await ReadAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_resident_whose_profiles_are_all_inactive_cannot_sign_in_until_reactivated()
    {
        var email = await TestUsers.CreateResidentAsync(factory, "inactiva");
        var userId = await UserIdAsync(email);
        int residentId;
        await using (var db = factory.CreateDbContext())
        {
            var resident = new Resident { UserId = userId, CommunityId = await db.Communities.Select(c => c.Id).FirstAsync(), FullName = "Inactiva", Unit = "Casa 99" };
            db.Residents.Add(resident);
            await db.SaveChangesAsync();
            residentId = resident.Id;
        }

        Assert.Equal(HttpStatusCode.OK, await LoginStatusAsync(email, PortalAppFactory.DemoPassword));
        await SetActiveAsync(residentId, false);

        Assert.Equal(HttpStatusCode.Unauthorized, await LoginStatusAsync(email, PortalAppFactory.DemoPassword));
        Assert.Contains("Esta cuenta no está activa", await LoginPageMessageAsync(email, PortalAppFactory.DemoPassword), StringComparison.Ordinal);

        await SetActiveAsync(residentId, true);
        Assert.Equal(HttpStatusCode.OK, await LoginStatusAsync(email, PortalAppFactory.DemoPassword));
    }

    [Fact]
    public async Task A_locked_account_cannot_sign_in_and_ends_its_sessions_until_unlocked()
    {
        var email = await TestUsers.CreateResidentAsync(factory, "bloqueada");
        var userId = await UserIdAsync(email);
        using var anonymous = factory.CreateAnonymousClient();
        using var login = await anonymous.PostAsJsonAsync("/api/auth/login", new { email, password = PortalAppFactory.DemoPassword });
        var refreshToken = (await login.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("refreshToken").GetString();

        Assert.True((await Accounts.LockAsync(userId, default)).Succeeded);

        Assert.Equal(HttpStatusCode.Unauthorized, await LoginStatusAsync(email, PortalAppFactory.DemoPassword));
        Assert.Contains("Esta cuenta no está activa", await LoginPageMessageAsync(email, PortalAppFactory.DemoPassword), StringComparison.Ordinal);
        using var refresh = await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken });
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);

        Assert.True((await Accounts.UnlockAsync(userId, default)).Succeeded);
        Assert.Equal(HttpStatusCode.OK, await LoginStatusAsync(email, PortalAppFactory.DemoPassword));
    }

    private async Task<(string Email, string Link)> NewAccountWithLinkAsync(string name)
    {
        var email = $"{Guid.NewGuid():N}@test.local";
        var userId = (await Accounts.CreateAsync(new NewAccount(email, name, Roles.Resident), default)).Value!;
        var link = await Accounts.CreateSetupLinkAsync(await SystemAdminAsync(), userId, companyAdmins: false, default);
        Assert.StartsWith("Account/SetupPassword?userId=", link.Value, StringComparison.Ordinal);
        return (email, "/" + link.Value);
    }

    private Task<CurrentUser> SystemAdminAsync() => ServiceUsers.GetAsync(factory, "admin@demo.local");

    private async Task<string> UserIdAsync(string email)
    {
        await using var db = factory.CreateDbContext();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }

    private async Task SetActiveAsync(int residentId, bool active)
    {
        await using var db = factory.CreateDbContext();
        await db.Residents.Where(r => r.Id == residentId).ExecuteUpdateAsync(s => s.SetProperty(r => r.IsActive, active));
    }

    private async Task<HttpStatusCode> LoginStatusAsync(string email, string password)
    {
        using var client = factory.CreateAnonymousClient();
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password });
        return response.StatusCode;
    }

    private async Task<string> LoginPageMessageAsync(string email, string password)
    {
        using var client = factory.CreateAnonymousClient();
        using var response = await StaticForms.PostAsync(client, "/Account/Login", "login", new()
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        return await ReadAsync(response);
    }

    /// <summary>The page's text as a person reads it (Blazor encodes accented letters as entities).</summary>
    private static async Task<string> GetPageAsync(HttpClient client, string url) => WebUtility.HtmlDecode(await client.GetStringAsync(url));

    private static async Task<string> ReadAsync(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    private static Task<HttpResponseMessage> PostPasswordAsync(HttpClient client, string link, string password, string confirm) =>
        StaticForms.PostAsync(client, link, "setup-password", new()
        {
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = confirm,
        });
}
