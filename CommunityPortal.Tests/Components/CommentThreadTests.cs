using System.Globalization;
using System.Security.Claims;
using AngleSharp.Dom;
using Bunit;
using Bunit.TestDoubles;
using CommunityPortal.Auth;
using CommunityPortal.Data;
using CommunityPortal.Features.Comments;
using CommunityPortal.Features.Live;
using CommunityPortal.Features.Tickets;
using CommunityPortal.Shared;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Components;

/// <summary>
/// The thread component over the real services and a real SQLite database (one per class). Each test
/// builds its own ticket and conversation through the services, as people would.
/// </summary>
public class CommentThreadTests : PortalComponentTest, IClassFixture<PortalAppFactory>
{
    private readonly PortalAppFactory factory;

    public CommentThreadTests(PortalAppFactory factory)
    {
        this.factory = factory;
        AddTicketServices(factory);
        authorization = Context.AddAuthorization();
    }

    private readonly BunitAuthorizationContext authorization;

    [Fact]
    public async Task Replies_render_under_their_parent_one_level_deeper_and_stop_moving_right_after_four_levels()
    {
        var (ana, gestor) = await UsersAsync();
        var ticket = await CreateTicketAsync(ana);
        var chain = new List<int>();
        int? parent = null;
        for (var depth = 0; depth <= 6; depth++)
        {
            var author = depth % 2 == 0 ? gestor : ana;
            parent = (await CommentAsync(author, ticket, $"Nivel {depth}", parent)).Id;
            chain.Add(parent.Value);
        }

        var thread = Render(ana, ticket);

        for (var depth = 0; depth <= 6; depth++)
        {
            var article = Comment(thread, chain[depth]);
            Assert.Equal(depth.ToString(CultureInfo.InvariantCulture), article.GetAttribute("data-depth"));
            Assert.Equal($"Nivel {depth}", article.QuerySelector("[data-testid=comment-text]")!.TextContent);
            if (depth > 0)
            {
                // The reply sits inside its parent's list item, in the parent's list of children.
                var parentItem = Comment(thread, chain[depth - 1]).ParentElement!;
                Assert.Same(parentItem, article.ParentElement!.ParentElement!.ParentElement);
                Assert.True(article.ParentElement!.ParentElement!.ClassList.Contains("comment-children"));
            }
        }

        // Levels 1-4 indent; 5 and deeper keep the indent of level 4 and say whom they answer.
        var indented = thread.FindAll("ol.comment-children:not(.comment-children-flat)");
        Assert.Equal(4, indented.Count);
        Assert.Equal(2, thread.FindAll("ol.comment-children-flat").Count);
        Assert.Contains("En respuesta a Gestor Demo", Comment(thread, chain[5]).QuerySelector("[data-testid=comment-replying-to]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("En respuesta a Ana Pérez", Comment(thread, chain[6]).QuerySelector("[data-testid=comment-replying-to]")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(Comment(thread, chain[4]).QuerySelectorAll("[data-testid=comment-replying-to]"));
    }

    [Fact]
    public async Task The_administration_gets_a_badge_an_edited_comment_is_marked_and_own_comments_offer_edit_and_delete()
    {
        var (ana, gestor) = await UsersAsync();
        var ticket = await CreateTicketAsync(ana);
        var fromGestor = await CommentAsync(gestor, ticket, "Vamos el lunes.", null);
        var fromAna = await CommentAsync(ana, ticket, "Gracias.", fromGestor.Id);
        await using (var db = factory.CreateDbContext())
        {
            // Edited a minute after writing it.
            var row = await db.Comentarios.SingleAsync(c => c.Id == fromAna.Id);
            row.ComentarioTexto = "¡Muchas gracias!";
            row.UpdatedAt = row.CreatedAt.AddMinutes(1);
            await db.SaveChangesAsync();
        }

        var thread = Render(ana, ticket);

        var gestorComment = Comment(thread, fromGestor.Id);
        Assert.Equal("Gestor Demo", gestorComment.QuerySelector("[data-testid=comment-author]")!.TextContent);
        Assert.Equal("Administración", gestorComment.QuerySelector("[data-testid=admin-badge]")!.TextContent);
        Assert.Empty(gestorComment.QuerySelectorAll("[data-testid=comment-edited]"));
        Assert.Empty(gestorComment.QuerySelectorAll("[data-testid=comment-edit], [data-testid=comment-delete]"));
        Assert.NotNull(gestorComment.QuerySelector("[data-testid=comment-reply]"));

        var anaComment = Comment(thread, fromAna.Id);
        Assert.Empty(anaComment.QuerySelectorAll("[data-testid=admin-badge]"));
        Assert.Equal("¡Muchas gracias!", anaComment.QuerySelector("[data-testid=comment-text]")!.TextContent);
        Assert.Contains("editado", anaComment.QuerySelector("[data-testid=comment-edited]")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(anaComment.QuerySelector("[data-testid=comment-edit]"));
        Assert.NotNull(anaComment.QuerySelector("[data-testid=comment-delete]"));
        Assert.Equal("(2)", thread.Find("[data-testid=comment-count]").TextContent);
    }

    /// <summary>
    /// Edit and delete as the contract allows them (PUT: the author or SYSTEM_ADMIN; DELETE: the author or the
    /// administrators who manage the ticket), on a comment by ana (the resident who reported) and one by the gestor.
    /// </summary>
    [Theory]
    [InlineData("ana@demo.local", "edit delete", "")]
    [InlineData("gestor@demo.local", "delete", "edit delete")]
    [InlineData("admin@demo.local", "edit delete", "edit delete")]
    public async Task Each_reader_is_offered_exactly_the_edits_and_deletions_the_api_allows(string reader, string onAnas, string onGestors)
    {
        var (ana, gestor) = await UsersAsync();
        var ticket = await CreateTicketAsync(ana);
        var fromAna = await CommentAsync(ana, ticket, "Sigue goteando.", null);
        var fromGestor = await CommentAsync(gestor, ticket, "Vamos el lunes.", null);

        var thread = Render(await ServiceUsers.GetAsync(factory, reader), ticket);

        Assert.Equal(onAnas, Offered(Comment(thread, fromAna.Id)));
        Assert.Equal(onGestors, Offered(Comment(thread, fromGestor.Id)));
    }

    [Fact]
    public async Task Another_resident_gets_neither_the_thread_nor_anything_to_edit_or_delete()
    {
        var (ana, _) = await UsersAsync();
        var ticket = await CreateTicketAsync(ana);
        await CommentAsync(ana, ticket, "Sigue goteando.", null);

        var thread = RenderAs(await ServiceUsers.GetAsync(factory, "luis@demo.local"), ticket);

        thread.WaitForAssertion(() => Assert.Contains("mud-alert", thread.Markup, StringComparison.Ordinal));
        Assert.Empty(thread.FindAll("[data-testid=comment], [data-testid=comment-edit], [data-testid=comment-delete], [data-testid=comment-new]"));
    }

    private static string Offered(IElement comment) =>
        string.Join(' ', new[] { "edit", "delete" }.Where(action => comment.QuerySelector($"[data-testid=comment-{action}]") is not null));

    [Fact]
    public async Task A_deleted_comment_with_replies_stays_as_a_placeholder_and_one_without_replies_disappears()
    {
        var (ana, gestor) = await UsersAsync();
        var ticket = await CreateTicketAsync(ana);
        var parent = await CommentAsync(ana, ticket, "Esto lo borraré.", null);
        var reply = await CommentAsync(gestor, ticket, "Respuesta que queda.", parent.Id);
        var alone = await CommentAsync(ana, ticket, "Este también, sin respuestas.", null);
        Assert.True((await UseAsync<CommentService, ServiceResult>(s => s.DeleteAsync(ana, parent.Id, default))).Succeeded);
        Assert.True((await UseAsync<CommentService, ServiceResult>(s => s.DeleteAsync(ana, alone.Id, default))).Succeeded);

        var thread = Render(ana, ticket);

        var placeholder = Comment(thread, parent.Id);
        Assert.Equal("Comentario eliminado", placeholder.QuerySelector("[data-testid=comment-placeholder]")!.TextContent);
        Assert.DoesNotContain("Esto lo borraré", placeholder.TextContent, StringComparison.Ordinal);
        Assert.Empty(placeholder.QuerySelectorAll("button"));
        Assert.Equal("1", Comment(thread, reply.Id).GetAttribute("data-depth"));
        Assert.Empty(thread.FindAll($"[data-comment-id='{alone.Id}']"));
        Assert.Equal("(1)", thread.Find("[data-testid=comment-count]").TextContent);
    }

    [Fact]
    public async Task Photos_show_as_thumbnails_that_link_to_the_full_image()
    {
        var (ana, gestor) = await UsersAsync();
        var ticket = await CreateTicketAsync(ana);
        var comment = await CommentAsync(gestor, ticket, "Mira la junta.", null);
        await using (var db = factory.CreateDbContext())
        {
            var row = await db.Comentarios.SingleAsync(c => c.Id == comment.Id);
            row.ImageUrls = [$"uploads/comentarios/{comment.Id}/a.jpg", $"uploads/comentarios/{comment.Id}/b.jpg"];
            await db.SaveChangesAsync();
        }

        var thread = Render(ana, ticket);

        // The comment's photos use the ticket's gallery: thumbnails that open the lightbox.
        var thumbs = Comment(thread, comment.Id).QuerySelectorAll("[data-testid=comment-photos] [data-testid=photo-thumb]");
        Assert.Equal(2, thumbs.Length);
        var img = thumbs[0].QuerySelector("img")!;
        Assert.Equal($"/uploads/comentarios/{comment.Id}/a.jpg?size=thumb", img.GetAttribute("src"));
        Assert.Equal("Foto 1 de 2, comentario de Gestor Demo", img.GetAttribute("alt"));
    }

    [Fact]
    public async Task A_blank_comment_shows_the_services_message_on_the_field_and_keeps_what_was_typed()
    {
        var (ana, _) = await UsersAsync();
        var ticket = await CreateTicketAsync(ana);
        var thread = Render(ana, ticket);

        thread.Find("#comment-new-text").Input("   ");
        await thread.Find("[data-testid=comment-new-send]").ClickAsync(new());

        thread.WaitForAssertion(() =>
            Assert.Contains("comentario", thread.Find("[data-testid=comment-new] .mud-input-helper-text").TextContent, StringComparison.OrdinalIgnoreCase));
        Assert.Equal("   ", thread.Find("#comment-new-text").GetAttribute("value") ?? thread.Find("#comment-new-text").TextContent);
        Assert.Empty(thread.FindAll("[data-testid=comment]"));
    }

    [Fact]
    public async Task A_reply_typed_inline_appears_under_its_parent()
    {
        var (ana, gestor) = await UsersAsync();
        var ticket = await CreateTicketAsync(ana);
        var root = await CommentAsync(gestor, ticket, "¿Sigue la fuga?", null);
        var thread = Render(ana, ticket);

        await Comment(thread, root.Id).QuerySelector("[data-testid=comment-reply]")!.ClickAsync(new());
        thread.Find($"#comment-reply-{root.Id}").Input("Sí, un poco menos.");
        await thread.Find("[data-testid=comment-reply-send]").ClickAsync(new());

        thread.WaitForAssertion(() =>
        {
            var replies = Comment(thread, root.Id).ParentElement!.QuerySelectorAll("ol.comment-children [data-testid=comment]");
            var reply = Assert.Single(replies);
            Assert.Equal("1", reply.GetAttribute("data-depth"));
            Assert.Equal("Sí, un poco menos.", reply.QuerySelector("[data-testid=comment-text]")!.TextContent);
        });
        Assert.Empty(thread.FindAll("[data-testid=comment-reply-form]"));
    }

    [Fact]
    public async Task A_comment_written_elsewhere_appears_without_reloading_and_the_subscription_ends_with_the_component()
    {
        var (ana, gestor) = await UsersAsync();
        var ticket = await CreateTicketAsync(ana);
        var events = factory.Services.GetRequiredService<TicketEvents>();
        var thread = Render(ana, ticket);
        Assert.Empty(thread.FindAll("[data-testid=comment]"));

        var written = await CommentAsync(gestor, ticket, "Llegó el repuesto.", null);

        thread.WaitForAssertion(() =>
        {
            var comment = Comment(thread, written.Id);
            Assert.Equal("Llegó el repuesto.", comment.QuerySelector("[data-testid=comment-text]")!.TextContent);
            Assert.Contains("comment-new", comment.ClassList);
            Assert.Equal("Nuevo comentario de Gestor Demo", thread.Find("[data-testid=comment-announcement]").TextContent);
        }, TimeSpan.FromSeconds(5));

        var before = events.SubscriberCount;
        thread.Instance.Dispose();
        Assert.Equal(before - 1, events.SubscriberCount);
    }

    private IRenderedComponent<CommentThread> RenderAs(CurrentUser user, int ticketId)
    {
        authorization.SetAuthorized(user.DisplayName);
        authorization.SetRoles([.. user.Roles]);
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, user.UserId), new(PortalClaims.DisplayName, user.DisplayName) };
        if (user.CompanyId is int companyId)
        {
            claims.Add(new Claim(PortalClaims.CompanyId, companyId.ToString(CultureInfo.InvariantCulture)));
        }

        authorization.SetClaims([.. claims]);
        Context.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        return Context.Render<CommentThread>(p => p.Add(t => t.TicketId, ticketId));
    }

    private IRenderedComponent<CommentThread> Render(CurrentUser user, int ticketId)
    {
        var thread = RenderAs(user, ticketId);
        thread.WaitForElement("[data-testid=comment-new]");
        return thread;
    }

    private static IElement Comment(IRenderedComponent<CommentThread> thread, int id) =>
        thread.Find($"[data-testid=comment][data-comment-id='{id}']");

    private async Task<(CurrentUser Ana, CurrentUser Gestor)> UsersAsync() =>
        (await ServiceUsers.GetAsync(factory, "ana@demo.local"), await ServiceUsers.GetAsync(factory, "gestor@demo.local"));

    private async Task<int> CreateTicketAsync(CurrentUser owner)
    {
        var demo = await DemoData.LoadAsync(factory);
        var result = await UseAsync<TicketService, ServiceResult<TicketDto>>(s =>
            s.CreateAsync(owner, new CreateTicketRequest(demo.Mantenimiento, "Filtración en la sala de máquinas.", null, null, null), default));
        return result.Value!.Id;
    }

    private async Task<ComentarioDto> CommentAsync(CurrentUser author, int ticketId, string text, int? parentId)
    {
        var result = await UseAsync<CommentService, ServiceResult<ComentarioDto>>(s =>
            s.CreateAsync(author, new CreateComentarioRequest("ticket", ticketId.ToString(CultureInfo.InvariantCulture), text, parentId), default));
        Assert.True(result.Succeeded);
        return result.Value!;
    }

    private async Task<TResult> UseAsync<TService, TResult>(Func<TService, Task<TResult>> call) where TService : notnull
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await call(scope.ServiceProvider.GetRequiredService<TService>());
    }
}
