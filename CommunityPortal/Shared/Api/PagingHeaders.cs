using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace CommunityPortal.Shared.Api;

/// <summary>
/// Writes <c>X-Total-Count</c> and an RFC 8288 <c>Link</c> header (first, prev, next, last). The links are built on
/// <see cref="PublicLinks"/> (<c>Portal:PublicUrl</c>), never on the request's Host header, which the client chooses.
/// </summary>
public static class PagingHeaders
{
    public static void Write<T>(HttpContext context, PagedResult<T> page)
    {
        var response = context.Response;
        response.Headers["X-Total-Count"] = page.TotalCount.ToString(CultureInfo.InvariantCulture);

        var publicLinks = context.RequestServices.GetRequiredService<PublicLinks>();
        var links = new List<string> { Link(publicLinks, context, 1, page.PageSize, "first") };
        if (page.Page > 1)
        {
            links.Add(Link(publicLinks, context, Math.Min(page.Page - 1, page.PageCount), page.PageSize, "prev"));
        }

        if (page.Page < page.PageCount)
        {
            links.Add(Link(publicLinks, context, page.Page + 1, page.PageSize, "next"));
        }

        links.Add(Link(publicLinks, context, page.PageCount, page.PageSize, "last"));
        response.Headers.Link = string.Join(", ", links);
    }

    private static string Link(PublicLinks publicLinks, HttpContext context, int page, int pageSize, string rel)
    {
        var request = context.Request;
        var query = QueryHelpers.ParseQuery(request.QueryString.Value);
        query["page"] = page.ToString(CultureInfo.InvariantCulture);
        query["pageSize"] = pageSize.ToString(CultureInfo.InvariantCulture);
        var url = publicLinks.Absolute(request.Path.ToUriComponent() + QueryString.Create(query).ToUriComponent());
        return $"<{url}>; rel=\"{rel}\"";
    }
}
