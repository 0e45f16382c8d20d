using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using CommunityPortal.Auth;
using CommunityPortal.Data;
using CommunityPortal.Features.Categories;
using CommunityPortal.Features.Comments;
using CommunityPortal.Features.Live;
using CommunityPortal.Features.Statuses;
using CommunityPortal.Features.Tickets;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CommunityPortal.Tests.Tickets;

/// <summary>
/// The ticket page as an administrator sees it (management card, resident's contact) and as the resident does
/// (neither), over the real services and a real SQLite database. Each test works on a fresh ticket of ana's.
/// </summary>
public class TicketAdminPanelTests : PortalComponentTest, IClassFixture<PortalAppFactory>
{
    /// <summary>The page reads the ticket, history, contact, categories and thread; a busy 2-core machine needs more than bUnit's 1 s.</summary>
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly PortalAppFactory factory;
    private readonly BunitAuthorizationContext authorization;

    public TicketAdminPanelTests(PortalAppFactory factory)
    {
        this.factory = factory;
        AddTicketServices(factory);
        authorization = Context.AddAuthorization();
    }

    [Fact]
    public async Task Gestor_sees_the_management_card_with_every_status_and_the_resident_s_contact_with_call_and_mail_links()
    {
        var ticketId = await CreateAnaTicketAsync();
        var page = await RenderAsync("gestor@demo.local", ticketId);

        var panel = page.Find("[data-testid=admin-panel]");
        Assert.Contains("Gestión del ticket", panel.TextContent, StringComparison.Ordinal);
        Assert.Equal("Gestión del ticket", panel.QuerySelector("h2")!.TextContent.Trim());
        Assert.True(page.Find("[data-testid=admin-save]").HasAttribute("disabled"), "Nothing chosen yet: nothing to save.");
        // Every status is offered, each drawn as its chip; the categories are the active ones.
        var demo = await DemoData.LoadAsync(factory);
        var statusItems = Select(page, "admin-status").FindComponents<MudSelectItem<int>>();
        await using (var db = factory.CreateDbContext())
        {
            Assert.Equal(await db.Statuses.Select(s => s.Id).OrderBy(id => id).ToListAsync(),
                statusItems.Select(i => i.Instance.Value).Distinct().Order());
        }

        Assert.All(statusItems, i => Assert.NotNull(i.Instance.ChildContent));
        var categoryItems = Select(page, "admin-category").FindComponents<MudSelectItem<int>>();
        Assert.Contains(categoryItems, i => i.Instance.Value == demo.Mantenimiento);
        Assert.Contains(categoryItems, i => i.Instance.Value == demo.Seguridad);

        var contact = page.Find("[data-testid=contact-panel]");
        Assert.Equal("Ana Pérez", contact.QuerySelector("[data-testid=contact-name]")!.TextContent);
        Assert.Equal("Casa 12", contact.QuerySelector("[data-testid=contact-unit]")!.TextContent);
        Assert.Equal("Residencial Los Robles", contact.QuerySelector("[data-testid=contact-community]")!.TextContent);
        var phone = contact.QuerySelector("a[data-testid=contact-phone]")!;
        Assert.Equal("tel:+56955551212", phone.GetAttribute("href"));
        Assert.Equal("+56 9 5555 1212", phone.TextContent);
        var email = contact.QuerySelector("a[data-testid=contact-email]")!;
        Assert.Equal("mailto:ana@demo.local", email.GetAttribute("href"));
        Assert.Equal("ana@demo.local", email.TextContent);

        // An administrator came from the grid: the breadcrumb leads back there.
        Assert.Contains("/admin/tickets", page.Find(".mud-breadcrumbs").InnerHtml, StringComparison.Ordinal);
        // Cancelling is a status in the card (with a note to the resident), not the resident's button.
        Assert.Empty(page.FindAll("[data-testid=ticket-cancel]"));
    }

    [Fact]
    public async Task Ana_sees_her_ticket_without_the_management_card_or_her_own_contact_panel()
    {
        var ticketId = await CreateAnaTicketAsync();
        var page = await RenderAsync("ana@demo.local", ticketId);

        Assert.Empty(page.FindAll("[data-testid=admin-panel]"));
        Assert.Empty(page.FindAll("[data-testid=contact-panel]"));
        Assert.DoesNotContain("+56 9 5555 1212", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("ana@demo.local", page.Markup, StringComparison.Ordinal);
        Assert.NotEmpty(page.FindAll("[data-testid=ticket-edit]"));
        Assert.NotEmpty(page.FindAll("[data-testid=ticket-cancel]"));
    }

    /// <summary>
    /// The page offers what PUT /api/tickets/{id} allows: the resident edits and withdraws an open ticket and nothing once
    /// it is resolved; the administrators who manage it may still edit it, and change its status from the card.
    /// </summary>
    [Theory]
    [InlineData("ana@demo.local", false, "edit cancel")]
    [InlineData("ana@demo.local", true, "")]
    [InlineData("gestor@demo.local", false, "edit")]
    [InlineData("gestor@demo.local", true, "edit")]
    [InlineData("admin@demo.local", false, "edit")]
    [InlineData("admin@demo.local", true, "edit")]
    public async Task Each_reader_is_offered_exactly_the_ticket_changes_the_api_allows(string reader, bool resolved, string offered)
    {
        var ticketId = await CreateAnaTicketAsync();
        if (resolved)
        {
            await ResolveAsync(ticketId);
        }

        var page = await RenderAsync(reader, ticketId);

        Assert.Equal(offered, string.Join(' ', new[] { "edit", "cancel" }.Where(a => page.FindAll($"[data-testid=ticket-{a}]").Count > 0)));
    }

    [Fact]
    public async Task Another_resident_gets_the_not_found_page_and_nothing_to_change()
    {
        var ticketId = await CreateAnaTicketAsync();
        var luis = await ServiceUsers.GetAsync(factory, "luis@demo.local");
        authorization.SetAuthorized(luis.DisplayName);
        authorization.SetRoles([.. luis.Roles]);
        authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, luis.UserId), new Claim(PortalClaims.DisplayName, luis.DisplayName));
        Context.SetRendererInfo(new RendererInfo("Server", isInteractive: true));

        var page = Context.Render<TicketPage>(p => p.Add(t => t.Id, ticketId));

        page.WaitForElement("[data-testid=not-found]", Wait);
        Assert.Empty(page.FindAll("[data-testid=ticket-edit], [data-testid=ticket-cancel], [data-testid=admin-panel]"));
    }

    private async Task ResolveAsync(int ticketId)
    {
        var demo = await DemoData.LoadAsync(factory);
        var admin = await ServiceUsers.GetAsync(factory, "admin@demo.local");
        await using var scope = factory.Services.CreateAsyncScope();
        var resolved = await scope.ServiceProvider.GetRequiredService<TicketService>()
            .UpdateAsync(admin, ticketId, new UpdateTicketRequest(null, demo.Resuelto, null, null), null, default);
        Assert.True(resolved.Succeeded);
    }

    [Fact]
    public async Task Saving_a_status_with_a_note_updates_the_chip_the_history_and_the_thread_and_clears_the_note()
    {
        var demo = await DemoData.LoadAsync(factory);
        var ticketId = await CreateAnaTicketAsync();
        var page = await RenderAsync("gestor@demo.local", ticketId);

        await ChooseStatusAsync(page, demo.EnProceso);
        page.WaitForAssertion(() => Assert.Equal("EN_PROCESO",
            page.Find("[data-testid=admin-change-preview]").QuerySelectorAll("[data-testid=status-chip]")[1].GetAttribute("data-status-code")), Wait);
        page.Find("textarea[data-testid=admin-note]").Input("El técnico pasa mañana a las 10:00.");
        await page.Find("[data-testid=admin-panel] form").SubmitAsync();

        page.WaitForAssertion(() =>
        {
            Assert.Equal("EN_PROCESO", page.Find(".ticket-header [data-testid=status-chip]").GetAttribute("data-status-code"));
            Assert.Contains("El técnico pasa mañana a las 10:00.", page.Find("[data-testid=comment-list]").TextContent, StringComparison.Ordinal);
        }, Wait);
        var note = page.FindAll("[data-testid=comment]").Single();
        Assert.Equal("Administración", note.QuerySelector("[data-testid=admin-badge]")!.TextContent);
        Assert.Contains(page.FindAll("[data-testid=timeline-entry]"), e => e.TextContent.Contains("Estado cambiado a En proceso", StringComparison.Ordinal));
        Assert.Equal("", page.Find("textarea[data-testid=admin-note]").GetAttribute("value") ?? "");
        Assert.Empty(page.FindAll("[data-testid=admin-change-preview]"));
        Assert.True(page.Find("[data-testid=admin-save]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task A_change_made_elsewhere_while_the_gestor_drafts_is_not_overwritten_the_page_says_reload_and_keeps_the_note()
    {
        var demo = await DemoData.LoadAsync(factory);
        var ticketId = await CreateAnaTicketAsync();
        var page = await RenderAsync("gestor@demo.local", ticketId);
        await ChooseStatusAsync(page, demo.EnProceso);
        page.Find("textarea[data-testid=admin-note]").Input("Vamos el lunes.");

        // Meanwhile the system administrator resolves it from another browser. A witness on the same ticket shows the
        // event went out; once every delivery is over, the page has had it and has held the draft back.
        var events = factory.Services.GetRequiredService<TicketEvents>();
        var published = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var witness = events.SubscribeToTicket(ticketId, e =>
        {
            if (e.Kind == CommunityPortal.Features.Live.TicketEventKind.StatusChanged)
            {
                published.TrySetResult();
            }

            return Task.CompletedTask;
        });
        var admin = await ServiceUsers.GetAsync(factory, "admin@demo.local");
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var resolved = await scope.ServiceProvider.GetRequiredService<TicketService>()
                .UpdateAsync(admin, ticketId, new UpdateTicketRequest(null, demo.Resuelto, null, null), null, default);
            Assert.True(resolved.Succeeded);
        }

        await published.Task.WaitAsync(Wait);
        for (var deadline = DateTime.UtcNow + Wait; events.PendingDeliveries != 0; await Task.Delay(10))
        {
            Assert.True(DateTime.UtcNow < deadline, "The live event's deliveries did not finish.");
        }

        Assert.Equal("Vamos el lunes.", page.Find("textarea[data-testid=admin-note]").GetAttribute("value"));
        await page.Find("[data-testid=admin-panel] form").SubmitAsync();

        page.WaitForAssertion(() => Assert.Contains("Este ticket cambió", page.Find("[data-testid=ticket-stale]").TextContent, StringComparison.Ordinal), Wait);
        Assert.Equal("Vamos el lunes.", page.Find("textarea[data-testid=admin-note]").GetAttribute("value"));
        await using (var db = factory.CreateDbContext())
        {
            Assert.Equal(demo.Resuelto, (await db.Tickets.SingleAsync(t => t.Id == ticketId)).StatusId);
            Assert.Equal(0, await db.Comentarios.CountAsync(c => c.IdOrigen == ticketId.ToString()));
        }

        // Reloading shows the newer version; the typed note is still there to send.
        await page.Find("[data-testid=ticket-reload]").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());
        page.WaitForAssertion(() => Assert.Equal("RESUELTO", page.Find(".ticket-header [data-testid=status-chip]").GetAttribute("data-status-code")), Wait);
        Assert.Empty(page.FindAll("[data-testid=ticket-stale]"));
        Assert.Equal("Vamos el lunes.", page.Find("textarea[data-testid=admin-note]").GetAttribute("value"));
        Assert.False(page.Find("[data-testid=admin-save]").HasAttribute("disabled"));
    }

    private static IRenderedComponent<MudSelect<int>> Select(IRenderedComponent<TicketPage> page, string testId) =>
        page.FindComponent<TicketAdminPanel>().FindComponents<MudSelect<int>>()
            .Single(s => s.Instance.UserAttributes.TryGetValue("data-testid", out var id) && Equals(id, testId));

    private static Task ChooseStatusAsync(IRenderedComponent<TicketPage> page, int statusId)
    {
        var select = Select(page, "admin-status");
        return page.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(statusId));
    }

    private async Task<IRenderedComponent<TicketPage>> RenderAsync(string email, int ticketId)
    {
        var user = await ServiceUsers.GetAsync(factory, email);
        authorization.SetAuthorized(user.DisplayName);
        authorization.SetRoles([.. user.Roles]);
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, user.UserId), new(PortalClaims.DisplayName, user.DisplayName) };
        if (user.CompanyId is int companyId)
        {
            claims.Add(new Claim(PortalClaims.CompanyId, companyId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        authorization.SetClaims([.. claims]);
        Context.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var page = Context.Render<TicketPage>(p => p.Add(t => t.Id, ticketId));
        page.WaitForElement("[data-testid=comment-new]", Wait);
        return page;
    }

    private async Task<int> CreateAnaTicketAsync()
    {
        var demo = await DemoData.LoadAsync(factory);
        var ana = await ServiceUsers.GetAsync(factory, "ana@demo.local");
        await using var scope = factory.Services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<TicketService>()
            .CreateAsync(ana, new CreateTicketRequest(demo.Mantenimiento, "La bomba de agua hace ruido.", null, null, null), default);
        Assert.True(created.Succeeded, created.Error.ToString());
        return created.Value!.Id;
    }
}
