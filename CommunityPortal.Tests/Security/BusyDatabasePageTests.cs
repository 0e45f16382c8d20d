using System.Globalization;
using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using CommunityPortal.Auth;
using CommunityPortal.Data;
using CommunityPortal.Features.Categories;
using CommunityPortal.Features.Comments;
using CommunityPortal.Features.Live;
using CommunityPortal.Features.Tickets;
using CommunityPortal.Shared;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CommunityPortal.Tests.Security;

/// <summary>
/// While another connection holds the database's write lock, a page's save fails with SQLITE_BUSY: the page says
/// "no se pudo guardar, inténtalo de nuevo", keeps what was typed, and the next try (lock gone) saves it.
/// </summary>
public class BusyDatabasePageTests : PortalComponentTest, IClassFixture<BusyDatabaseApiTests.ShortWaitFactory>
{
    private const string TryAgain = "No se pudo guardar: la base de datos está ocupada en este momento. Inténtalo de nuevo";

    private readonly BusyDatabaseApiTests.ShortWaitFactory factory;
    private readonly BunitAuthorizationContext authorization;

    public BusyDatabasePageTests(BusyDatabaseApiTests.ShortWaitFactory factory)
    {
        this.factory = factory;
        AddTicketServices(factory);
        Context.Services.AddLogging();
        authorization = Context.AddAuthorization();
        Context.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    [Fact]
    public async Task The_report_form_keeps_the_description_and_asks_to_try_again_then_saves()
    {
        var ana = await SignInAsync("ana@demo.local");
        const string text = "El ascensor se detiene entre plantas (base de datos ocupada).";
        var popovers = Context.Render<MudPopoverProvider>();
        var page = Context.Render<NewTicketPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".mud-select .mud-input-control")));
        await page.Find(".mud-select .mud-input-control").MouseDownAsync(new MouseEventArgs());
        popovers.WaitForAssertion(() => Assert.Contains("Mantenimiento", popovers.Markup, StringComparison.Ordinal));
        await popovers.FindAll(".mud-list-item").First(i => i.TextContent.Contains("Mantenimiento", StringComparison.Ordinal)).ClickAsync(new MouseEventArgs());
        page.Find("textarea").Input(text);

        await using (var writer = await HoldWriteLockAsync())
        {
            await page.Find("form").SubmitAsync();

            page.WaitForAssertion(() => Assert.Contains(TryAgain, page.Find("[data-testid=form-error]").TextContent, StringComparison.Ordinal),
                TimeSpan.FromSeconds(30));
            Assert.Equal(text, page.Find("textarea").GetAttribute("value") ?? page.Find("textarea").TextContent);
            await ReleaseAsync(writer);
        }

        Assert.False(await TicketExistsAsync(text));
        await page.Find("form").SubmitAsync();

        var navigation = Context.Services.GetRequiredService<NavigationManager>();
        page.WaitForAssertion(() => Assert.Matches(@"/tickets/\d+$", navigation.Uri), TimeSpan.FromSeconds(30));
        Assert.True(await TicketExistsAsync(text));
        GC.KeepAlive(ana);
    }

    [Fact]
    public async Task The_comment_editor_keeps_the_text_and_asks_to_try_again_then_sends()
    {
        var ana = await SignInAsync("ana@demo.local");
        var ticket = await CreateTicketAsync(ana);
        const string text = "¿Cuándo vienen a revisarlo? (base de datos ocupada)";
        var thread = Context.Render<CommentThread>(p => p.Add(t => t.TicketId, ticket));
        thread.WaitForElement("[data-testid=comment-new]");
        thread.Find("#comment-new-text").Input(text);

        await using (var writer = await HoldWriteLockAsync())
        {
            await thread.Find("[data-testid=comment-new-send]").ClickAsync(new MouseEventArgs());

            thread.WaitForAssertion(() => Assert.Contains(TryAgain, thread.Find("[data-testid=comment-new]").TextContent, StringComparison.Ordinal),
                TimeSpan.FromSeconds(30));
            Assert.Equal(text, thread.Find("#comment-new-text").GetAttribute("value") ?? thread.Find("#comment-new-text").TextContent);
            await ReleaseAsync(writer);
        }

        await thread.Find("[data-testid=comment-new-send]").ClickAsync(new MouseEventArgs());

        thread.WaitForAssertion(() => Assert.Contains(text, thread.Find("[data-testid=comment-list]").TextContent, StringComparison.Ordinal),
            TimeSpan.FromSeconds(30));
        Assert.DoesNotContain(TryAgain, thread.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_ticket_page_keeps_the_edited_description_and_asks_to_try_again_then_saves()
    {
        var ana = await SignInAsync("ana@demo.local");
        var ticket = await CreateTicketAsync(ana);
        const string text = "Humedad en el garaje, plaza 14 (base de datos ocupada).";
        Context.Render<MudPopoverProvider>();
        var page = Context.Render<TicketPage>(p => p.Add(t => t.Id, ticket));
        page.WaitForElement("[data-testid=ticket-edit]");
        await page.Find("[data-testid=ticket-edit]").ClickAsync(new MouseEventArgs());
        page.WaitForElement("[data-testid=ticket-edit-form] textarea").Input(text);

        await using (var writer = await HoldWriteLockAsync())
        {
            await page.Find("[data-testid=ticket-edit-form]").SubmitAsync();

            page.WaitForAssertion(() => Assert.Contains(TryAgain, page.Find("[data-testid=ticket-error]").TextContent, StringComparison.Ordinal),
                TimeSpan.FromSeconds(30));
            var field = page.Find("[data-testid=ticket-edit-form] textarea");
            Assert.Equal(text, field.GetAttribute("value") ?? field.TextContent);
            await ReleaseAsync(writer);
        }

        Assert.False(await TicketExistsAsync(text));
        await page.Find("[data-testid=ticket-edit-form]").SubmitAsync();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=ticket-edit-form]")), TimeSpan.FromSeconds(30));
        Assert.True(await TicketExistsAsync(text));
        Assert.Empty(page.FindAll("[data-testid=ticket-error]"));
    }

    [Fact]
    public async Task The_administrators_card_keeps_the_note_and_asks_to_try_again_then_posts_it()
    {
        var ana = await ServiceUsers.GetAsync(factory, "ana@demo.local");
        var ticket = await CreateTicketAsync(ana);
        await SignInAsync("gestor@demo.local");
        const string note = "El técnico pasa el lunes (base de datos ocupada).";
        Context.Render<MudPopoverProvider>();
        var page = Context.Render<TicketPage>(p => p.Add(t => t.Id, ticket));
        page.WaitForElement("textarea[data-testid=admin-note]", TimeSpan.FromSeconds(30)).Input(note);

        await using (var writer = await HoldWriteLockAsync())
        {
            await page.Find("[data-testid=admin-panel] form").SubmitAsync();

            page.WaitForAssertion(() => Assert.Contains(TryAgain, page.Find("[data-testid=admin-error]").TextContent, StringComparison.Ordinal),
                TimeSpan.FromSeconds(30));
            Assert.Equal(note, page.Find("textarea[data-testid=admin-note]").GetAttribute("value") ?? "");
            await ReleaseAsync(writer);
        }

        await page.Find("[data-testid=admin-panel] form").SubmitAsync();

        page.WaitForAssertion(() => Assert.Contains(note, page.Find("[data-testid=comment-list]").TextContent, StringComparison.Ordinal),
            TimeSpan.FromSeconds(30));
        Assert.Empty(page.FindAll("[data-testid=admin-error]"));
    }

    private async Task<CurrentUser> SignInAsync(string email)
    {
        var user = await ServiceUsers.GetAsync(factory, email);
        authorization.SetAuthorized(user.DisplayName);
        authorization.SetRoles([.. user.Roles]);
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, user.UserId), new(PortalClaims.DisplayName, user.DisplayName) };
        if (user.CompanyId is int companyId)
        {
            claims.Add(new Claim(PortalClaims.CompanyId, companyId.ToString(CultureInfo.InvariantCulture)));
        }

        authorization.SetClaims([.. claims]);
        return user;
    }

    /// <summary>Another connection takes the write lock (BEGIN IMMEDIATE) and keeps it until released.</summary>
    private async Task<SqliteConnection> HoldWriteLockAsync()
    {
        var writer = new SqliteConnection($"Data Source={factory.DatabasePath};Pooling=False");
        await writer.OpenAsync();
        await using var begin = writer.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE;";
        await begin.ExecuteNonQueryAsync();
        return writer;
    }

    private static async Task ReleaseAsync(SqliteConnection writer)
    {
        await using var rollback = writer.CreateCommand();
        rollback.CommandText = "ROLLBACK;";
        await rollback.ExecuteNonQueryAsync();
    }

    private async Task<bool> TicketExistsAsync(string contenido)
    {
        await using var db = factory.CreateDbContext();
        return await db.Tickets.AnyAsync(t => t.Contenido == contenido);
    }

    private async Task<int> CreateTicketAsync(CurrentUser owner)
    {
        var demo = await DemoData.LoadAsync(factory);
        await using var scope = factory.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<TicketService>()
            .CreateAsync(owner, new CreateTicketRequest(demo.Mantenimiento, "Humedad en el garaje.", null, null, null), default);
        return result.Value!.Id;
    }
}
