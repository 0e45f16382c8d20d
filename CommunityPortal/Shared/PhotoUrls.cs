namespace CommunityPortal.Shared;

/// <summary>Browser addresses of a stored photo (the server serves <c>/{url}</c> and a thumbnail with <c>?size=thumb</c>).</summary>
public static class PhotoUrls
{
    public static string Full(string url) => "/" + url.TrimStart('/');

    public static string Thumb(string url) => Full(url) + "?size=thumb";
}
