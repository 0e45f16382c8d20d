using CommunityPortal.Data;

namespace CommunityPortal.Shared;

/// <summary>
/// A save started from a page. A busy, locked or full database (<see cref="DatabaseFailures.IsTransient"/>, the same
/// rule the API answers 503 for) must not end the circuit and lose what the user typed: it comes back as null, and
/// the page keeps the text and says "try again" (<c>Common.SaveFailedRetry</c>). Any other exception is a real error.
/// </summary>
public static class PageSaves
{
    public static async Task<T?> TryAsync<T>(Func<Task<T>> save, ILogger logger)
        where T : class
    {
        try
        {
            return await save();
        }
        catch (Exception exception) when (DatabaseFailures.IsTransient(exception))
        {
            logger.LogWarning(exception, "A save from a page failed because the database is busy or full; the user was asked to try again.");
            return null;
        }
    }
}
