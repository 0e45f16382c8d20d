using System.Security.Claims;
using AngleSharp.Dom;
using Bunit;
using CommunityPortal.Auth;
using CommunityPortal.Data;
using CommunityPortal.Features.Accounts;
using CommunityPortal.Features.Users;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CommunityPortal.Tests.Users;

public class UsersAdminPageTests : PortalComponentTest, IClassFixture<PortalAppFactory>
{
    private readonly PortalAppFactory app;

    public UsersAdminPageTests(PortalAppFactory app)
    {
        this.app = app;
        Context.Services.AddSingleton(app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>());
        Context.Services.AddSingleton(app.Services.GetRequiredService<AccountService>());
        Context.Services.AddSingleton(TimeProvider.System);
        Context.Services.AddSingleton(app.Services.GetRequiredService<CommunityPortal.Shared.PublicLinks>());
        Context.Services.AddScoped<UserAdminService>();
        Context.Services.AddScoped<CurrentUserAccessor>();
    }

    [Fact]
    public async Task Each_row_shows_the_state_and_only_company_administrators_get_the_actions_menu()
    {
        await SignInAsAdminAsync();
        var pending = await CreateAsync("Pili Pendiente");
        var locked = await CreateAsync("Lucas Bloqueado");
        var lockedId = await UserIdAsync(locked);
        Assert.True((await app.Services.GetRequiredService<AccountService>().LockAsync(lockedId, default)).Succeeded);

        var page = Context.Render<UsersAdminPage>();

        page.WaitForAssertion(() => Assert.NotNull(Row(page, pending)));
        Assert.Equal("Pendiente de contraseña", Row(page, pending).QuerySelector("[data-testid=user-state]")!.TextContent.Trim());
        Assert.Equal("Bloqueada", Row(page, locked).QuerySelector("[data-testid=user-state]")!.TextContent.Trim());
        Assert.Equal("Activa", Row(page, "gestor@demo.local").QuerySelector("[data-testid=user-state]")!.TextContent.Trim());
        Assert.Equal("Gestiones Norte", Row(page, pending).QuerySelector("[data-testid=user-company]")!.TextContent.Trim());
        Assert.NotNull(Row(page, pending).QuerySelector("[data-testid=user-actions]"));

        var self = Row(page, "admin@demo.local");
        Assert.NotNull(self.QuerySelector("[data-testid=user-system-admin]"));
        Assert.NotNull(self.QuerySelector("[data-testid=user-self]"));
        Assert.NotNull(self.QuerySelector("[data-testid=user-readonly]"));
        Assert.Null(self.QuerySelector("[data-testid=user-actions]"));
        Assert.DoesNotContain("ana@demo.local", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Typing_in_the_search_box_narrows_the_list()
    {
        await SignInAsAdminAsync();
        var page = Context.Render<UsersAdminPage>();
        page.WaitForAssertion(() => Assert.NotNull(Row(page, "gestor@demo.local")));

        page.Find("input[data-testid=users-search]").Input("gestiones norte");

        page.WaitForAssertion(() => Assert.Null(Row(page, "gestor@demo.local")), TimeSpan.FromSeconds(5));
        Assert.NotNull(Row(page, "gestor.norte@demo.local"));
        Assert.Null(Row(page, "admin@demo.local"));

        page.Find("input[data-testid=users-search]").Input("nadie-se-llama-asi");
        page.WaitForAssertion(() => Assert.Equal("Ningún administrador coincide con la búsqueda.", page.Find("[data-testid=users-empty]").TextContent.Trim()),
            TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_search_of_more_than_ten_words_shows_why_instead_of_failing()
    {
        await SignInAsAdminAsync();
        var page = Context.Render<UsersAdminPage>();
        page.WaitForAssertion(() => Assert.NotNull(Row(page, "gestor@demo.local")));

        page.Find("input[data-testid=users-search]").Input("uno dos tres cuatro cinco seis siete ocho nueve diez once");

        page.WaitForAssertion(() => Assert.Contains("La búsqueda admite como máximo 10 palabras", page.Markup, StringComparison.Ordinal),
            TimeSpan.FromSeconds(5));
        Assert.Null(Row(page, "gestor@demo.local"));
        Assert.Empty(page.FindAll("[data-testid=users-error]"));

        page.Find("input[data-testid=users-search]").Input("gestiones norte");
        page.WaitForAssertion(() => Assert.NotNull(Row(page, "gestor.norte@demo.local")), TimeSpan.FromSeconds(5));
        Assert.DoesNotContain("La búsqueda admite", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task More_than_a_page_of_administrators_is_paged_and_the_second_page_holds_the_rest()
    {
        await SignInAsAdminAsync();
        for (var i = 0; i < 26; i++)
        {
            await CreateAsync($"Zoe{i:D2} Paginada");
        }

        await using var db = app.CreateDbContext();
        var total = await db.UserRoles.CountAsync(ur => db.Roles.Any(r => r.Id == ur.RoleId && (r.Name == Roles.AdminCompany || r.Name == Roles.SystemAdmin)));
        var page = Context.Render<UsersAdminPage>();

        page.WaitForAssertion(() => Assert.Equal($"1–25 de {total}", page.Find("[data-testid=users-count]").TextContent.Trim()));
        Assert.Equal(25, page.FindAll("[data-testid=user-cell]").Count);
        var firstPage = page.FindAll("[data-testid=user-cell]").Select(c => c.GetAttribute("data-user-email")).ToList();

        await page.FindAll(".mud-pagination button").First(b => b.TextContent.Trim() == "2").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());

        page.WaitForAssertion(() => Assert.StartsWith("26–", page.Find("[data-testid=users-count]").TextContent.Trim(), StringComparison.Ordinal));
        var secondPage = page.FindAll("[data-testid=user-cell]").Select(c => c.GetAttribute("data-user-email")).ToList();
        Assert.Equal(Math.Min(25, total - 25), secondPage.Count);
        Assert.Empty(firstPage.Intersect(secondPage));
    }

    private static IElement Row(IRenderedComponent<UsersAdminPage> page, string email) =>
        page.FindAll("tr").SingleOrDefault(tr => tr.QuerySelector($"[data-user-email='{email}']") is not null)!;

    private async Task SignInAsAdminAsync()
    {
        var id = await UserIdAsync("admin@demo.local");
        Context.AddAuthorization().SetAuthorized("admin@demo.local").SetRoles(Roles.SystemAdmin)
            .SetClaims(new Claim(ClaimTypes.NameIdentifier, id));
    }

    private async Task<string> CreateAsync(string name)
    {
        var email = $"{name.Split(' ')[0].ToLowerInvariant()}-{Guid.NewGuid():N}@test.local";
        await using var db = app.CreateDbContext();
        var norte = await db.Companies.Where(c => c.Name == "Gestiones Norte").Select(c => c.Id).SingleAsync();
        var created = await app.Services.GetRequiredService<AccountService>().CreateAsync(new NewAccount(email, name, Roles.AdminCompany, norte), default);
        Assert.True(created.Succeeded);
        return email;
    }

    private async Task<string> UserIdAsync(string email)
    {
        await using var db = app.CreateDbContext();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }
}
