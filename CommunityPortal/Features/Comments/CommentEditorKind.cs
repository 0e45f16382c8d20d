namespace CommunityPortal.Features.Comments;

/// <summary>What a <see cref="CommentEditor"/> writes.</summary>
public enum CommentEditorKind
{
    New,
    Reply,
    Edit,
}
