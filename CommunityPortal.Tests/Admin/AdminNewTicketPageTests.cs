using System.Globalization;
using System.Security.Claims;
using Bunit;
using CommunityPortal.Auth;
using CommunityPortal.Data;
using CommunityPortal.Features.Admin;
using CommunityPortal.Features.Categories;
using CommunityPortal.Features.Communities;
using CommunityPortal.Features.Residents;
using CommunityPortal.Features.Tickets;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CommunityPortal.Tests.Admin;

/// <summary>/admin/tickets/new rendered with bUnit over the real services and a demo database.</summary>
public class AdminNewTicketPageTests : PortalComponentTest, IClassFixture<PortalAppFactory>
{
    private readonly PortalAppFactory app;
    private IRenderedComponent<MudPopoverProvider> popovers = null!;

    public AdminNewTicketPageTests(PortalAppFactory app)
    {
        this.app = app;
        AddTicketServices(app);
        Context.Services.AddScoped<DashboardService>();
        Context.Services.AddScoped<ResidentService>();
    }

    [Fact]
    public async Task Sending_without_a_community_says_so_on_the_field_and_creates_nothing()
    {
        await SignInAsync("gestor@demo.local");
        var before = await CountTicketsAsync();
        var page = RenderPage();
        await PickAsync(page, "category-select", "Seguridad");
        page.Find("textarea").Input("Luz del pasillo quemada.");

        await page.Find("form").SubmitAsync();

        page.WaitForAssertion(() => Assert.Equal("Elige una comunidad.", FieldError(page, "community-select")));
        Assert.Equal("Luz del pasillo quemada.", page.Find("textarea").GetAttribute("value") ?? page.Find("textarea").TextContent);
        Assert.Equal(before, await CountTicketsAsync());
        Assert.DoesNotContain("/tickets/", Context.Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gestor_norte_is_offered_only_Villa_Norte_and_it_comes_chosen()
    {
        await SignInAsync("gestor.norte@demo.local");
        var page = RenderPage();

        page.WaitForAssertion(() => Assert.Equal("Villa Norte", Shown(page, "community-select")));
        await page.Find("[data-testid=community-select]").Closest(".mud-input-control")!.MouseDownAsync(new MouseEventArgs());
        popovers.WaitForAssertion(() => Assert.Contains("Villa Norte", popovers.Markup, StringComparison.Ordinal));
        Assert.DoesNotContain("Los Robles", popovers.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("Torres del Parque", popovers.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_resident_the_ticket_goes_to_the_communitys_first_active_resident_and_the_page_opens_it()
    {
        var demo = await DemoData.LoadAsync(app);
        await SignInAsync("gestor@demo.local");
        var page = RenderPage();
        await PickAsync(page, "community-select", "Residencial Los Robles");
        await PickAsync(page, "category-select", "Mantenimiento");
        page.Find("textarea").Input("Portón de la entrada no cierra (avisó por teléfono).");

        await page.Find("form").SubmitAsync();

        var navigation = Context.Services.GetRequiredService<NavigationManager>();
        page.WaitForAssertion(() => Assert.Matches(@"/tickets/\d+$", navigation.Uri));
        var id = int.Parse(navigation.Uri[(navigation.Uri.LastIndexOf('/') + 1)..], CultureInfo.InvariantCulture);
        await using var db = app.CreateDbContext();
        var ticket = await db.Tickets.SingleAsync(t => t.Id == id);
        var firstActive = await db.Residents.Where(r => r.CommunityId == demo.Robles && r.IsActive).OrderBy(r => r.Id).Select(r => r.Id).FirstAsync();
        Assert.Equal(firstActive, ticket.ResidentId);
        Assert.Equal(demo.Robles, ticket.CommunityId);
        Assert.Equal(demo.Mantenimiento, ticket.CategoriaTicketId);
        Assert.Equal("Portón de la entrada no cierra (avisó por teléfono).", ticket.Contenido);
    }

    [Fact]
    public async Task A_community_without_residents_is_refused_on_its_field_and_everything_typed_stays()
    {
        var name = "Condominio Vacío " + Guid.NewGuid().ToString("N")[..6];
        await using (var db = app.CreateDbContext())
        {
            var companyId = await db.Communities.Where(c => c.Name == "Residencial Los Robles").Select(c => c.CompanyId).SingleAsync();
            db.Communities.Add(new Community { Name = name, CompanyId = companyId });
            await db.SaveChangesAsync();
        }

        await SignInAsync("gestor@demo.local");
        var before = await CountTicketsAsync();
        var page = RenderPage();
        await PickAsync(page, "community-select", name);
        await PickAsync(page, "category-select", "Seguridad");
        page.Find("textarea").Input("Cámara de la portería apagada.");

        await page.Find("form").SubmitAsync();

        page.WaitForAssertion(() => Assert.Equal("La comunidad no tiene residentes activos.", FieldError(page, "community-select")));
        Assert.Empty(page.FindAll("[data-testid=form-error]"));
        Assert.Equal(before, await CountTicketsAsync());
        Assert.Equal(name, Shown(page, "community-select"));
        Assert.Equal("Seguridad", Shown(page, "category-select"));
        Assert.Equal("Cámara de la portería apagada.", page.Find("textarea").GetAttribute("value") ?? page.Find("textarea").TextContent);
    }

    [Fact]
    public async Task Past_the_hourly_limit_of_new_tickets_the_page_says_when_to_try_again_and_keeps_what_was_typed()
    {
        var limits = new CommunityPortal.Shared.UserLimits(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["RateLimiting:Tickets:PerUserPerHour"] = "1" }).Build());
        Context.Services.AddSingleton(limits);
        var demo = await DemoData.LoadAsync(app);
        await SignInAsync("admin@demo.local");
        // Through the service the page uses: afterwards the one ticket of the hour is spent.
        var user = await ServiceUsers.GetAsync(app, "admin@demo.local");
        _ = await Context.Services.GetRequiredService<TicketService>().CreateAsync(
            user, new CreateTicketRequest(demo.Mantenimiento, "Primero", null, null, demo.Ana), CancellationToken.None);
        var before = await CountTicketsAsync();
        var page = RenderPage();
        await PickAsync(page, "community-select", "Residencial Los Robles");
        await PickAsync(page, "category-select", "Mantenimiento");
        page.Find("textarea").Input("Segundo aviso del portón.");

        await page.Find("form").SubmitAsync();

        page.WaitForAssertion(() => Assert.Matches(@"Has creado 1 tickets en la última hora, el máximo permitido\. Podrás crear otro en \d+ min", page.Markup));
        Assert.Equal("Segundo aviso del portón.", page.Find("textarea").GetAttribute("value") ?? page.Find("textarea").TextContent);
        Assert.Equal(before, await CountTicketsAsync());
    }

    private IRenderedComponent<AdminNewTicketPage> RenderPage()
    {
        popovers = Context.Render<MudPopoverProvider>();
        Context.Render<MudSnackbarProvider>();
        return Context.Render<AdminNewTicketPage>();
    }

    // Opens a MudSelect (by the data-testid on its input) and clicks the option with that text.
    private async Task PickAsync(IRenderedComponent<AdminNewTicketPage> page, string testId, string option)
    {
        page.WaitForAssertion(() => page.Find($"[data-testid={testId}]"));
        await page.Find($"[data-testid={testId}]").Closest(".mud-input-control")!.MouseDownAsync(new MouseEventArgs());
        popovers.WaitForAssertion(() => Assert.Contains(option, popovers.Markup, StringComparison.Ordinal));
        var item = popovers.FindAll(".mud-popover-open .mud-list-item").Single(e => e.TextContent.Trim() == option);
        await item.ClickAsync(new MouseEventArgs());
        page.WaitForAssertion(() => Assert.Equal(option, Shown(page, testId)));
    }

    private static string? FieldError(IRenderedComponent<AdminNewTicketPage> page, string testId) =>
        page.Find($"[data-testid={testId}]").Closest(".mud-input-control")!.QuerySelector(".mud-input-control-helper-container .mud-input-error")?.TextContent.Trim();

    // What a select shows: an input's value, or the text MudSelect renders in its place once something is chosen.
    private static string Shown(IRenderedComponent<AdminNewTicketPage> page, string testId)
    {
        var element = page.Find($"[data-testid={testId}]");
        return element.GetAttribute("value") ?? element.TextContent.Trim();
    }

    private async Task SignInAsync(string email)
    {
        var user = await ServiceUsers.GetAsync(app, email);
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, user.UserId) };
        if (user.CompanyId is int companyId)
        {
            claims.Add(new Claim(PortalClaims.CompanyId, companyId.ToString(CultureInfo.InvariantCulture)));
        }

        Context.AddAuthorization().SetAuthorized(email).SetRoles([.. user.Roles]).SetClaims([.. claims]);
    }

    private async Task<int> CountTicketsAsync()
    {
        await using var db = app.CreateDbContext();
        return await db.Tickets.CountAsync();
    }
}
