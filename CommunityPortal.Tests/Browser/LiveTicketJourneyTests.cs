using System.Globalization;
using CommunityPortal.Auth;
using CommunityPortal.Features.Comments;
using CommunityPortal.Features.Tickets;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommunityPortal.Tests.Browser;

/// <summary>
/// The conversation on a ticket and the live updates a resident notices: the threaded comments, and the
/// ticket page and "Mis tickets" following changes made elsewhere without a reload.
/// Tests that change things work on a ticket of their own, so they do not depend on each other's order.
/// </summary>
[Collection(BrowserCollection.Name)]
public class LiveTicketJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Ana = "ana@demo.local";
    private const string Gestor = "gestor@demo.local";
    private const string AnaName = "Ana Pérez";
    private const string GestorName = "Gestor Demo";

    // The seeded conversation on ana's pool leak (SeedData): first ← reply ← answer, then a second root.
    private const string SeedFirst = "Gracias por el aviso. Enviaremos al técnico de piscinas";
    private const string SeedReply = "¿A qué hora más o menos?";
    private const string SeedAnswer = "Entre las 9:00 y las 11:00.";
    private const string SeedUpdate = "El técnico encontró una junta rota";

    /// <summary>Live changes must show within "a couple of seconds"; a little slack for a busy 2-core machine.</summary>
    private static readonly LocatorAssertionsToHaveCountOptions LiveCount = new() { Timeout = 6_000 };

    [Fact]
    public Task Ana_sees_the_seeded_thread_with_replies_indented_under_their_parents_and_the_administration_badge() =>
        browser.RunAsync("live-thread-seeded", async page =>
        {
            var poolId = await PoolTicketIdAsync();
            await BrowserFixture.SignInAsync(page, Ana);
            await page.GotoAsync($"/tickets/{poolId}");
            await Expect(page.GetByTestId("comment-list")).ToBeVisibleAsync();
            var headings = page.GetByTestId("comments-section").GetByRole(AriaRole.Heading);
            await Expect(headings).ToHaveCountAsync(1);
            await Expect(headings).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\s*Comentarios\s*\(\d+\)\s*$"));

            var first = Comment(page, SeedFirst);
            var reply = Comment(page, SeedReply);
            var answer = Comment(page, SeedAnswer);
            var update = Comment(page, SeedUpdate);
            foreach (var comment in new[] { first, reply, answer, update })
            {
                await Expect(comment).ToHaveCountAsync(1);
            }

            // The tree: depth in the markup and each reply nested inside its parent's list item.
            await Expect(first).ToHaveAttributeAsync("data-depth", "0");
            await Expect(reply).ToHaveAttributeAsync("data-depth", "1");
            await Expect(answer).ToHaveAttributeAsync("data-depth", "2");
            await Expect(update).ToHaveAttributeAsync("data-depth", "0");
            var firstId = await first.GetAttributeAsync("data-comment-id");
            var replyId = await reply.GetAttributeAsync("data-comment-id");
            var answerId = await answer.GetAttributeAsync("data-comment-id");
            await Expect(page.Locator($"li.comment-item:has(> article[data-comment-id='{firstId}']) > ol.comment-children > li > article[data-comment-id='{replyId}']"))
                .ToHaveCountAsync(1);
            await Expect(page.Locator($"li.comment-item:has(> article[data-comment-id='{replyId}']) > ol.comment-children > li > article[data-comment-id='{answerId}']"))
                .ToHaveCountAsync(1);

            // And on screen: each level starts further right than its parent; a second root is back at the left.
            var firstBox = await BoxAsync(first);
            var replyBox = await BoxAsync(reply);
            var answerBox = await BoxAsync(answer);
            var updateBox = await BoxAsync(update);
            Assert.True(replyBox.X > firstBox.X + 4, $"The reply is not indented under its parent: {replyBox.X} vs {firstBox.X}.");
            Assert.True(answerBox.X > replyBox.X + 4, $"The answer is not indented under the reply: {answerBox.X} vs {replyBox.X}.");
            Assert.True(replyBox.Y > firstBox.Y && answerBox.Y > replyBox.Y, "Replies are not shown below their parents.");
            Assert.Equal(firstBox.X, updateBox.X, 1);

            // Authors, and the administration badge on gestor's comments only.
            foreach (var byGestor in new[] { first, answer, update })
            {
                await Expect(byGestor.GetByTestId("comment-author")).ToHaveTextAsync(GestorName);
                await Expect(byGestor.GetByTestId("admin-badge")).ToHaveTextAsync("Administración");
            }

            await Expect(reply.GetByTestId("comment-author")).ToHaveTextAsync(AnaName);
            await Expect(reply.GetByTestId("admin-badge")).ToHaveCountAsync(0);
            await BrowserFixture.KeepScreenshotAsync(page, "ticket-thread-desktop");
        });

    [Fact]
    public Task Ana_replies_inline_to_gestors_first_comment_and_the_reply_appears_indented_under_it_with_her_name() =>
        browser.RunAsync("live-thread-reply", async page =>
        {
            var poolId = await PoolTicketIdAsync();
            var text = $"Perfecto, estaré en casa toda la mañana ({Guid.NewGuid():N}).";
            await BrowserFixture.SignInAsync(page, Ana);
            await page.GotoAsync($"/tickets/{poolId}");
            await BrowserFixture.WaitForAppAsync(page);

            var first = Comment(page, SeedFirst);
            await Expect(first).ToHaveCountAsync(1);
            var firstId = await first.GetAttributeAsync("data-comment-id");
            await first.GetByTestId("comment-reply").ClickAsync();
            var box = page.Locator($"#comment-reply-{firstId}");
            await Expect(box).ToBeVisibleAsync();
            await Expect(box).ToBeFocusedAsync();
            await box.FillAsync(text);
            await first.GetByTestId("comment-reply-send").ClickAsync();

            var mine = Comment(page, text);
            await Expect(mine).ToHaveCountAsync(1);
            await Expect(page.GetByTestId("comment-reply-form")).ToHaveCountAsync(0);
            await Expect(mine).ToHaveAttributeAsync("data-depth", "1");
            await Expect(mine.GetByTestId("comment-author")).ToHaveTextAsync(AnaName);
            await Expect(mine.GetByTestId("admin-badge")).ToHaveCountAsync(0);
            await Expect(mine.GetByTestId("comment-edit")).ToBeVisibleAsync(); // her own: she may edit it
            var mineId = await mine.GetAttributeAsync("data-comment-id");
            await Expect(page.Locator($"li.comment-item:has(> article[data-comment-id='{firstId}']) > ol.comment-children > li > article[data-comment-id='{mineId}']"))
                .ToHaveCountAsync(1);
            var firstBox = await BoxAsync(first);
            var mineBox = await BoxAsync(mine);
            Assert.True(mineBox.X > firstBox.X + 4, $"The reply is not indented under its parent: {mineBox.X} vs {firstBox.X}.");
            Assert.True(mineBox.Y > firstBox.Y, "The reply is not below its parent.");

            // It was saved, not only drawn: a reload shows it in the same place.
            await page.ReloadAsync();
            await Expect(Comment(page, text)).ToHaveAttributeAsync("data-depth", "1");
        });

    [Fact]
    public Task Gestors_comment_and_status_changes_from_another_browser_appear_on_anas_open_ticket_without_reload() =>
        browser.RunAsync("live-ticket-from-gestor", async page =>
        {
            var ticketId = await CreateAnaTicketAsync("El citófono de la entrada no suena en el departamento.");
            await BrowserFixture.SignInAsync(page, Ana);
            await page.GotoAsync($"/tickets/{ticketId}");
            await BrowserFixture.WaitForAppAsync(page);
            var chip = page.Locator(".ticket-header").GetByTestId("status-chip");
            await Expect(chip).ToHaveAttributeAsync("data-status-code", "NUEVO");
            await Expect(page.GetByTestId("comment-empty")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("timeline-entry")).ToHaveCountAsync(1);
            var navigations = 0;
            page.FrameNavigated += (_, frame) => navigations += frame == page.MainFrame ? 1 : 0;

            // Gestor, in a browser of his own, opens the same ticket and writes in the thread.
            var text = $"Revisaremos el citófono esta tarde ({Guid.NewGuid():N}).";
            await using (var gestorContext = await browser.NewContextAsync())
            {
                gestorContext.SetDefaultTimeout(15_000);
                var gestorPage = await gestorContext.NewPageAsync();
                await BrowserFixture.SignInAsync(gestorPage, Gestor);
                await gestorPage.GotoAsync($"/tickets/{ticketId}");
                await BrowserFixture.WaitForAppAsync(gestorPage);
                await Expect(gestorPage.GetByTestId("ticket-title")).ToHaveTextAsync($"Ticket #{ticketId}");
                await gestorPage.Locator("#comment-new-text").FillAsync(text);
                await gestorPage.GetByTestId("comment-new-send").ClickAsync();
                await Expect(Comment(gestorPage, text)).ToHaveCountAsync(1);
            }

            var arrived = Comment(page, text);
            await Expect(arrived).ToHaveCountAsync(1, LiveCount);
            await Expect(arrived.GetByTestId("comment-author")).ToHaveTextAsync(GestorName);
            await Expect(arrived.GetByTestId("admin-badge")).ToBeVisibleAsync();
            await Expect(arrived).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bcomment-new\b"));
            await Expect(page.GetByTestId("comment-announcement")).ToHaveTextAsync($"Nuevo comentario de {GestorName}", new() { UseInnerText = false });
            await Expect(page.GetByTestId("comment-empty")).ToHaveCountAsync(0);

            // The administration moves it along (there is no status control on this page: the service the admin pages use).
            await SetStatusAsync(ticketId, "EN_PROCESO");
            await Expect(chip).ToHaveAttributeAsync("data-status-code", "EN_PROCESO", new() { Timeout = 6_000 });
            await Expect(chip).ToHaveTextAsync("En proceso");
            await SetStatusAsync(ticketId, "RESUELTO");
            await Expect(chip).ToHaveAttributeAsync("data-status-code", "RESUELTO", new() { Timeout = 6_000 });
            await Expect(chip).ToHaveTextAsync("Resuelto");
            await Expect(chip).ToHaveCSSAsync("background-color", "rgb(67, 160, 71)");

            var changes = page.GetByTestId("timeline-entry").And(page.Locator("[data-action=statusChanged]"));
            await Expect(changes).ToHaveCountAsync(2, LiveCount);
            await Expect(changes.Nth(0)).ToContainTextAsync("Estado cambiado a En proceso");
            await Expect(changes.Nth(1)).ToContainTextAsync("Estado cambiado a Resuelto");
            await Expect(changes.Nth(1)).ToContainTextAsync(GestorName);
            await Expect(changes.Nth(1).GetByTestId("timeline-dot")).ToHaveCSSAsync("background-color", "rgb(67, 160, 71)");

            // A resolved ticket is final: the page no longer offers to edit or cancel it.
            await Expect(page.GetByTestId("ticket-edit")).ToHaveCountAsync(0);
            await Expect(page.GetByTestId("ticket-cancel")).ToHaveCountAsync(0);
            Assert.Equal(0, navigations);
            await BrowserFixture.KeepScreenshotAsync(page, "ticket-live-desktop");
        });

    [Fact]
    public Task A_comment_posted_in_one_of_anas_tabs_appears_in_her_other_tab_without_reload() =>
        browser.RunAsync("live-two-tabs", async tabA =>
        {
            var ticketId = await CreateAnaTicketAsync("La llave del buzón 12 no gira.");
            await BrowserFixture.SignInAsync(tabA, Ana);
            await tabA.GotoAsync($"/tickets/{ticketId}");
            await BrowserFixture.WaitForAppAsync(tabA);
            var tabB = await tabA.Context.NewPageAsync();
            await tabB.GotoAsync($"/tickets/{ticketId}");
            await BrowserFixture.WaitForAppAsync(tabB);
            await Expect(tabB.GetByTestId("comment-empty")).ToBeVisibleAsync();
            var navigations = 0;
            tabB.FrameNavigated += (_, frame) => navigations += frame == tabB.MainFrame ? 1 : 0;

            var text = $"Adjunto más detalles: la cerradura está oxidada ({Guid.NewGuid():N}).";
            await tabA.Locator("#comment-new-text").FillAsync(text);
            await tabA.GetByTestId("comment-new-send").ClickAsync();
            await Expect(Comment(tabA, text)).ToHaveCountAsync(1);
            await Expect(tabA.Locator("#comment-new-text")).ToHaveValueAsync("");

            var arrived = Comment(tabB, text);
            await Expect(arrived).ToHaveCountAsync(1, LiveCount);
            await Expect(arrived.GetByTestId("comment-author")).ToHaveTextAsync(AnaName);
            await Expect(arrived.GetByTestId("comment-edit")).ToBeVisibleAsync();
            await Expect(tabB.GetByTestId("comment-count")).ToHaveTextAsync("(1)");

            // And back the other way: a reply written in tab B lands under the comment in tab A.
            var replyText = $"Y el buzón 14 tampoco ({Guid.NewGuid():N}).";
            var arrivedId = await arrived.GetAttributeAsync("data-comment-id");
            await arrived.GetByTestId("comment-reply").ClickAsync();
            await tabB.Locator($"#comment-reply-{arrivedId}").FillAsync(replyText);
            await arrived.GetByTestId("comment-reply-send").ClickAsync();
            await Expect(Comment(tabB, replyText)).ToHaveCountAsync(1);
            await Expect(Comment(tabA, replyText)).ToHaveAttributeAsync("data-depth", "1", new() { Timeout = 6_000 });
            Assert.Equal(0, navigations);
        });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task Anas_list_shows_a_status_change_made_by_gestor_without_reload(bool phone) =>
        browser.RunAsync($"live-list-{(phone ? "phone" : "desktop")}", async page =>
        {
            var ticketId = await CreateAnaTicketAsync($"Se cortó la luz del pasillo del piso {(phone ? 3 : 4)}.");
            await BrowserFixture.SignInAsync(page, Ana);
            await Expect(page).ToHaveURLAsync(new Uri(browser.BaseUri, "/tickets").ToString());
            await BrowserFixture.WaitForAppAsync(page);
            var item = page.Locator($"[data-testid=ticket-row][data-ticket-id='{ticketId}']");
            await Expect(item).ToBeVisibleAsync();
            var chip = item.GetByTestId("status-chip");
            await Expect(chip).ToHaveAttributeAsync("data-status-code", "NUEVO");
            var navigations = 0;
            page.FrameNavigated += (_, frame) => navigations += frame == page.MainFrame ? 1 : 0;

            await SetStatusAsync(ticketId, "EN_PROCESO");

            await Expect(chip).ToHaveAttributeAsync("data-status-code", "EN_PROCESO", new() { Timeout = 6_000 });
            await Expect(chip).ToHaveTextAsync("En proceso");
            await Expect(chip).ToHaveCSSAsync("background-color", "rgb(253, 216, 53)");
            Assert.Equal(0, navigations);
        }, phone);

    [Fact]
    public Task On_a_375px_phone_the_ticket_page_with_a_thread_does_not_scroll_sideways() =>
        browser.RunAsync("live-thread-phone", async page =>
        {
            var poolId = await PoolTicketIdAsync();

            // A deeper conversation than the seed, with a long unbroken word, on a ticket of its own.
            var deepId = await CreateAnaTicketAsync("Gotera en el techo de la sala de eventos.");
            var ana = await ServiceUsers.GetAsync(browser.App, Ana);
            var gestor = await ServiceUsers.GetAsync(browser.App, Gestor);
            int? parent = null;
            for (var depth = 0; depth < 8; depth++)
            {
                var text = depth == 3
                    ? "Referencia: https://example.org/una/direccion/muy/larga/sin/espacios/para/ver/si/se/sale/de/la/pantalla/del/telefono"
                    : $"Mensaje de nivel {depth}: seguimos revisando la gotera del techo.";
                parent = await CommentAsync(depth % 2 == 0 ? ana : gestor, deepId, text, parent);
            }

            await BrowserFixture.SignInAsync(page, Ana);
            foreach (var (id, name) in new[] { (poolId, "ticket-thread-phone"), (deepId, "ticket-deep-thread-phone") })
            {
                await page.GotoAsync($"/tickets/{id}");
                await Expect(page.GetByTestId("comment-list")).ToBeVisibleAsync();
                await BrowserFixture.WaitForAppAsync(page);
                var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
                await BrowserFixture.KeepScreenshotAsync(page, name);
                Assert.True(width <= 375, $"Ticket #{id} scrolls sideways on a 375-px phone: scrollWidth {width}.");
            }

            // Deep replies stop moving right and say whom they answer instead.
            var deepest = page.GetByTestId("comment").Last;
            await Expect(deepest).ToHaveAttributeAsync("data-depth", "7");
            await Expect(deepest.GetByTestId("comment-replying-to")).ToBeVisibleAsync();
            var deepestBox = await BoxAsync(deepest);
            Assert.True(deepestBox.X + deepestBox.Width <= 375, $"The deepest reply overflows: {deepestBox.X}+{deepestBox.Width}.");
            Assert.True(deepestBox.Width >= 200, $"The deepest reply is squeezed to {deepestBox.Width} px.");
        }, phone: true);

    private static ILocator Comment(IPage page, string text) =>
        page.GetByTestId("comment").Filter(new() { Has = page.GetByTestId("comment-text").Filter(new() { HasText = text }) });

    private static async Task<LocatorBoundingBoxResult> BoxAsync(ILocator locator) =>
        await locator.BoundingBoxAsync() ?? throw new InvalidOperationException("The element is not on screen.");

    private async Task<int> PoolTicketIdAsync()
    {
        await using var db = browser.App.CreateDbContext();
        return await db.Tickets.Where(t => t.Contenido!.Contains("fuga de agua en la piscina")).Select(t => t.Id).SingleAsync();
    }

    private async Task<int> CreateAnaTicketAsync(string contenido)
    {
        var ana = await ServiceUsers.GetAsync(browser.App, Ana);
        int categoria;
        await using (var db = browser.App.CreateDbContext())
        {
            categoria = await db.Categorias.Where(c => c.Nombre == "Mantenimiento").Select(c => c.Id).SingleAsync();
        }

        await using var scope = browser.App.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<TicketService>()
            .CreateAsync(ana, new CreateTicketRequest(categoria, contenido, null, null, null), default);
        Assert.True(result.Succeeded, result.Error.ToString());
        return result.Value!.Id;
    }

    private async Task SetStatusAsync(int ticketId, string code)
    {
        var gestor = await ServiceUsers.GetAsync(browser.App, Gestor);
        int statusId;
        await using (var db = browser.App.CreateDbContext())
        {
            statusId = await db.Statuses.Where(s => s.Code == code).Select(s => s.Id).SingleAsync();
        }

        await using var scope = browser.App.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<TicketService>()
            .UpdateAsync(gestor, ticketId, new UpdateTicketRequest(null, statusId, null, null), null, default);
        Assert.True(result.Succeeded, result.Error.ToString());
    }

    private async Task<int> CommentAsync(CurrentUser user, int ticketId, string text, int? parentId)
    {
        await using var scope = browser.App.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<CommentService>().CreateAsync(
            user, new CreateComentarioRequest(ComentarioOrigenes.Ticket, ticketId.ToString(CultureInfo.InvariantCulture), text, parentId), default);
        Assert.True(result.Succeeded, result.Error.ToString());
        return result.Value!.Id;
    }

}
