using Microsoft.EntityFrameworkCore;

namespace CommunityPortal.Data;

public static class SaveChangesExtensions
{
    /// <summary>
    /// Saves, or returns false when the database refuses the write (a unique index hit by a concurrent save):
    /// the caller has already checked the rule and answers with the same friendly error.
    /// </summary>
    public static async Task<bool> TrySaveChangesAsync(this DbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
    }
}
