using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CommunityPortal.Features.Accounts;
using CommunityPortal.Features.Users;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommunityPortal.Tests.Browser;

/// <summary>The system administrator's users page: company administrators created with a link, moved, locked; phone width; access.</summary>
[Collection(BrowserCollection.Name)]
public class UsersJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string NewPassword = "mi portal del norte 2026";

    private static ILocator OpenPopover(IPage page) => page.Locator(".mud-popover-open");

    private static ILocator Row(IPage page, string email) =>
        page.Locator("[data-testid=users-table] tr", new() { Has = page.Locator($"[data-user-email='{email}']") });

    [Fact]
    public Task Admin_creates_a_company_admin_whose_link_in_a_fresh_browser_leads_to_villa_norte_only() =>
        browser.RunAsync("users-create-and-use-link", async page =>
        {
            var email = $"nora-{Guid.NewGuid():N}@test.local";
            await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
            await BrowserFixture.SignInAsync(page, "admin@demo.local");
            await page.GotoAsync("/admin/users");
            await BrowserFixture.WaitForAppAsync(page);

            await page.GetByTestId("user-new").ClickAsync();
            await page.GetByTestId("user-name-input").FillAsync("Nora Norte");
            await page.GetByTestId("user-email-input").FillAsync(email);
            await page.GetByTestId("user-company-input").ClickAsync();
            await OpenPopover(page).GetByText("Gestiones Norte").ClickAsync();
            await page.GetByTestId("user-create").ClickAsync();

            var linkField = page.GetByTestId("setup-link");
            await Expect(linkField).ToBeVisibleAsync();
            await Expect(page.GetByTestId("setup-link-created")).ToContainTextAsync("Nora Norte");
            var link = await linkField.InputValueAsync();
            Assert.StartsWith(new Uri(browser.BaseUri, "Account/SetupPassword?userId=").ToString(), link, StringComparison.Ordinal);
            await page.GetByTestId("setup-link-copy").ClickAsync();
            await Expect(page.GetByTestId("setup-link-copy")).ToContainTextAsync("Copiado");
            Assert.Equal(link, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
            await page.GetByTestId("setup-link-done").ClickAsync();
            await Expect(Row(page, email).GetByTestId("user-state")).ToHaveTextAsync("Pendiente de contraseña");
            await Expect(Row(page, email).GetByTestId("user-company")).ToHaveTextAsync("Gestiones Norte");

            // The new administrator opens the link on their own device: no cookies of the system admin.
            await using var fresh = await browser.NewContextAsync();
            var theirs = await fresh.NewPageAsync();
            await theirs.GotoAsync(link);
            await Expect(theirs.GetByRole(AriaRole.Heading, new() { Name = "Hola, Nora Norte" })).ToBeVisibleAsync();
            await Expect(theirs.GetByTestId("setup-email")).ToHaveValueAsync(email);
            await theirs.FillAsync("#Input\\.Password", NewPassword);
            await theirs.FillAsync("#Input\\.ConfirmPassword", NewPassword);
            await theirs.GetByTestId("setup-submit").ClickAsync();
            await Expect(theirs).ToHaveURLAsync(new Regex("/Account/Login"));
            await Expect(theirs.Locator("body")).ToContainTextAsync("Contraseña guardada");

            await BrowserFixture.SignInAsync(theirs, email, NewPassword);
            await Expect(theirs).ToHaveURLAsync(new Uri(browser.BaseUri, "admin").ToString());
            await BrowserFixture.WaitForAppAsync(theirs);
            await Expect(theirs.GetByTestId("user-name")).ToHaveTextAsync("Nora Norte");
            await Expect(theirs.GetByTestId("card-open")).ToContainTextAsync("1");
            await theirs.GetByTestId("dashboard-community").ClickAsync();
            await Expect(OpenPopover(theirs)).ToContainTextAsync("Villa Norte");
            await Expect(OpenPopover(theirs)).Not.ToContainTextAsync("Los Robles");
            await Expect(OpenPopover(theirs)).Not.ToContainTextAsync("Torres del Parque");
            await theirs.Keyboard.PressAsync("Escape");
            await Expect(theirs.GetByTestId("nav-admin-users")).ToHaveCountAsync(0);

            // The system admin's list now shows the account as active.
            await page.ReloadAsync();
            await BrowserFixture.WaitForAppAsync(page);
            await Expect(Row(page, email).GetByTestId("user-state")).ToHaveTextAsync("Activa");
        });

    [Fact]
    public Task Admin_finds_a_company_admin_moves_them_issues_a_new_link_and_locks_and_unlocks_them() =>
        browser.RunAsync("users-manage", async page =>
        {
            var (email, firstLink) = await CreateCompanyAdminAsync("Mario Movido", "Gestiones Norte");
            await BrowserFixture.SignInAsync(page, "admin@demo.local");
            await page.GotoAsync("/admin/users");
            await BrowserFixture.WaitForAppAsync(page);

            await page.GetByTestId("users-search").FillAsync("mario movido");
            await Expect(page.GetByTestId("user-cell")).ToHaveCountAsync(1);
            await Expect(Row(page, email).GetByTestId("user-company")).ToHaveTextAsync("Gestiones Norte");

            await OpenActionsAsync(page, email, "user-change-company");
            await page.GetByTestId("change-company-input").ClickAsync();
            await OpenPopover(page).GetByText("Administradora Demo").ClickAsync();
            await page.GetByTestId("change-company-save").ClickAsync();
            await Expect(Row(page, email).GetByTestId("user-company")).ToHaveTextAsync("Administradora Demo");
            Assert.Equal("Administradora Demo", await CompanyOfAsync(email));

            await OpenActionsAsync(page, email, "user-new-link");
            await page.GetByRole(AriaRole.Button, new() { Name = "Generar enlace", Exact = true }).ClickAsync();
            var secondLink = await page.GetByTestId("setup-link").InputValueAsync();
            Assert.NotEqual(new Uri(browser.BaseUri, firstLink).ToString(), secondLink);
            await page.GetByTestId("setup-link-done").ClickAsync();
            await SetPasswordAsync(secondLink);
            await page.ReloadAsync();
            await BrowserFixture.WaitForAppAsync(page);
            await page.GetByTestId("users-search").FillAsync(email);
            // The search is debounced: wait for the filtered list so the menu is not opened on a row about to be redrawn.
            await Expect(page.GetByTestId("user-cell")).ToHaveCountAsync(1);
            await Expect(Row(page, email).GetByTestId("user-state")).ToHaveTextAsync("Activa");
            Assert.Equal(HttpStatusCode.OK, await LoginStatusAsync(email));

            await OpenActionsAsync(page, email, "user-lock");
            await page.GetByRole(AriaRole.Button, new() { Name = "Bloquear", Exact = true }).ClickAsync();
            await Expect(Row(page, email).GetByTestId("user-state")).ToHaveTextAsync("Bloqueada");
            Assert.Equal(HttpStatusCode.Unauthorized, await LoginStatusAsync(email));

            await OpenActionsAsync(page, email, "user-unlock");
            await page.GetByRole(AriaRole.Button, new() { Name = "Desbloquear", Exact = true }).ClickAsync();
            await Expect(Row(page, email).GetByTestId("user-state")).ToHaveTextAsync("Activa");
            Assert.Equal(HttpStatusCode.OK, await LoginStatusAsync(email));
        });

    [Fact]
    public Task A_company_admin_gets_the_access_denied_page_and_no_menu_entry() =>
        browser.RunAsync("users-access-denied", async page =>
        {
            await BrowserFixture.SignInAsync(page, "gestor@demo.local");
            await page.GotoAsync("/admin/users");

            await Expect(page.GetByTestId("access-denied")).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Acceso denegado" })).ToBeVisibleAsync();
            await Expect(page.GetByTestId("users-table")).ToHaveCountAsync(0);
            await Expect(page.Locator("body")).Not.ToContainTextAsync("gestor.norte@demo.local");

            await page.GotoAsync("/admin");
            await BrowserFixture.WaitForAppAsync(page);
            await Expect(page.GetByTestId("nav-admin")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("nav-admin-users")).ToHaveCountAsync(0);
        });

    /// <summary>Keeps screenshots of the page (and, on the phone, of its menu and create dialog) and checks nothing scrolls sideways.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task The_users_page_fits_the_screen_and_is_kept_as_a_screenshot(bool phone) =>
        browser.RunAsync($"users-page-{(phone ? "phone" : "desktop")}", async page =>
        {
            var suffix = phone ? "phone" : "desktop";
            await CreateCompanyAdminAsync("Paula Pendiente", "Gestiones Norte");
            await BrowserFixture.SignInAsync(page, "admin@demo.local");
            await page.GotoAsync("/admin/users");
            await BrowserFixture.WaitForAppAsync(page);

            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Usuarios", Level = 1 })).ToBeVisibleAsync();
            var self = Row(page, "admin@demo.local");
            await Expect(self.GetByTestId("user-system-admin")).ToBeVisibleAsync();
            await Expect(self.GetByTestId("user-self")).ToBeVisibleAsync();
            await Expect(self.GetByTestId("user-actions")).ToHaveCountAsync(0);
            await Expect(Row(page, "gestor.norte@demo.local").GetByTestId("user-company")).ToHaveTextAsync("Gestiones Norte");
            await Expect(Row(page, "gestor.norte@demo.local").GetByTestId("user-actions")).ToBeVisibleAsync();
            // A table with a header row on the desktop, one card per account on the phone.
            Assert.Equal(phone ? "block" : "table-row", await self.EvaluateAsync<string>("tr => getComputedStyle(tr).display"));
            await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Empresa" })).ToBeVisibleAsync(new() { Visible = !phone });
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await BrowserFixture.KeepScreenshotAsync(page, $"admin-users-{suffix}");
            await AssertNoSidewaysScrollAsync(page, phone);

            await Row(page, "gestor.norte@demo.local").GetByTestId("user-actions").Locator("button").ClickAsync();
            var lockItem = OpenPopover(page).GetByTestId("user-lock");
            await Expect(lockItem).ToBeInViewportAsync();
            await BrowserFixture.KeepScreenshotAsync(page, $"admin-users-menu-{suffix}");
            // A click beside the menu closes it (the menu's overlay takes it).
            var heading = (await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).BoundingBoxAsync())!;
            await page.Mouse.ClickAsync(heading.X + 4, heading.Y + 4);
            await Expect(OpenPopover(page)).ToHaveCountAsync(0);

            await page.GetByTestId("user-new").ClickAsync();
            await page.GetByTestId("user-create").ClickAsync();
            await Expect(page.GetByText("Escribe el nombre de la persona.")).ToBeVisibleAsync();
            await Expect(page.GetByText("Elige la empresa que administrará.")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("user-create")).ToBeInViewportAsync();
            await BrowserFixture.KeepScreenshotAsync(page, $"admin-users-create-{suffix}");
            await AssertNoSidewaysScrollAsync(page, phone);
        }, phone);

    private static async Task OpenActionsAsync(IPage page, string email, string item)
    {
        await Row(page, email).GetByTestId("user-actions").Locator("button").ClickAsync();
        await OpenPopover(page).GetByTestId(item).ClickAsync();
        await Expect(OpenPopover(page).GetByTestId(item)).ToHaveCountAsync(0);
    }

    private async Task<(string Email, string Link)> CreateCompanyAdminAsync(string name, string company)
    {
        var email = $"{name.Split(' ')[0].ToLowerInvariant()}-{Guid.NewGuid():N}@test.local";
        var admin = await ServiceUsers.GetAsync(browser.App, "admin@demo.local");
        await using var db = browser.App.CreateDbContext();
        var companyId = await db.Companies.Where(c => c.Name == company).Select(c => c.Id).SingleAsync();
        var created = await browser.App.Services.GetRequiredService<UserAdminService>()
            .CreateAsync(admin, new NewCompanyAdmin(name, email, companyId), default);
        return (email, created.Value!.SetupLink);
    }

    private async Task<string?> CompanyOfAsync(string email)
    {
        await using var db = browser.App.CreateDbContext();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Company!.Name).SingleAsync();
    }

    private async Task SetPasswordAsync(string link)
    {
        var query = QueryHelpers.ParseQuery(new Uri(link).Query);
        var result = await browser.App.Services.GetRequiredService<AccountService>().SetPasswordWithLinkAsync(query["userId"], query["code"], NewPassword);
        Assert.True(result.Succeeded);
    }

    private async Task<HttpStatusCode> LoginStatusAsync(string email)
    {
        using var client = new HttpClient { BaseAddress = browser.BaseUri };
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password = NewPassword });
        return response.StatusCode;
    }


    private static async Task AssertNoSidewaysScrollAsync(IPage page, bool phone)
    {
        var width = phone ? 375 : 1280;
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"/admin/users is {scrollWidth}px wide on a {width}px screen");
    }
}
