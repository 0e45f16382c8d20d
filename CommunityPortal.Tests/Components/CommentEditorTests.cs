using Bunit;
using CommunityPortal.Features.Comments;
using CommunityPortal.Tests.Infrastructure;

namespace CommunityPortal.Tests.Components;

/// <summary>The one comment editor: a new comment has no cancel, a reply and an edit do; each sends what was typed.</summary>
public class CommentEditorTests : PortalComponentTest
{
    [Theory]
    [InlineData(CommentEditorKind.New, "comment-new", "comment-new-text", "comment-new-send", false)]
    [InlineData(CommentEditorKind.Reply, "comment-reply-form", "comment-reply-text", "comment-reply-send", true)]
    [InlineData(CommentEditorKind.Edit, "comment-edit-form", "comment-edit-text", "comment-edit-save", true)]
    public void Each_kind_sends_what_was_typed_and_only_replies_and_edits_can_be_cancelled(
        CommentEditorKind kind, string form, string text, string send, bool cancellable)
    {
        var typed = "";
        var sent = 0;
        var cancelled = 0;
        var editor = Context.Render<CommentEditor>(p => p
            .Add(c => c.Kind, kind)
            .Add(c => c.Text, "")
            .Add(c => c.TextChanged, value => typed = value)
            .Add(c => c.Label, "Comentario")
            .Add(c => c.InputId, "editor-text")
            .Add(c => c.OnSend, () => sent++)
            .Add(c => c.OnCancel, () => cancelled++));

        Assert.NotNull(editor.Find($"[data-testid={form}] [data-testid={text}]"));
        editor.Find($"[data-testid={form}] #editor-text").Input("Hola vecinos");
        editor.Find($"[data-testid={send}]").Click();
        var cancel = editor.FindAll("button").Where(b => b.TextContent.Trim() == "Cancelar").ToList();
        cancel.ForEach(b => b.Click());

        Assert.Equal("Hola vecinos", typed);
        Assert.Equal(1, sent);
        Assert.Equal(cancellable ? 1 : 0, cancelled);
        Assert.Equal(cancellable ? 1 : 0, cancel.Count);
    }

    [Fact]
    public void The_error_shows_under_the_text_and_a_busy_editor_is_disabled()
    {
        var editor = Context.Render<CommentEditor>(p => p
            .Add(c => c.Kind, CommentEditorKind.Reply)
            .Add(c => c.Text, "texto")
            .Add(c => c.Label, "Responder")
            .Add(c => c.InputId, "editor-text")
            .Add(c => c.Error, "Demasiado largo")
            .Add(c => c.Busy, true));

        Assert.Contains("Demasiado largo", editor.Markup);
        Assert.True(editor.Find("[data-testid=comment-reply-send]").HasAttribute("disabled"));
    }
}
