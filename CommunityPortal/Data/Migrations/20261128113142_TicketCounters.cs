using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommunityPortal.Data.Migrations
{
    /// <summary>
    /// TicketCounts: live tickets per community and status, kept by triggers on Tickets in the same transaction as
    /// the change (inserts, status or community changes, soft deletes and restores, hard deletes), so the admin
    /// lists' exact X-Total-Count is a sum over a few rows. Backfilled from the tickets already there.
    /// </summary>
    public partial class TicketCounters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Tickets_ListCount",
                table: "Tickets",
                columns: new[] { "StatusId", "CommunityId", "FechaReporte", "IsDeleted", "CategoriaTicketId", "ContenidoBusqueda" });

            migrationBuilder.Sql("""
                CREATE TABLE "TicketCounts" (
                    "CommunityId" INTEGER NOT NULL,
                    "StatusId" INTEGER NOT NULL,
                    "Count" INTEGER NOT NULL,
                    CONSTRAINT "PK_TicketCounts" PRIMARY KEY ("CommunityId", "StatusId")
                ) WITHOUT ROWID;
                """);
            migrationBuilder.Sql("""
                INSERT INTO "TicketCounts" ("CommunityId", "StatusId", "Count")
                SELECT "CommunityId", "StatusId", COUNT(*) FROM "Tickets" WHERE "IsDeleted" = 0 GROUP BY "CommunityId", "StatusId";
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "TR_Tickets_Count_Insert" AFTER INSERT ON "Tickets"
                WHEN NEW."IsDeleted" = 0
                BEGIN
                    INSERT INTO "TicketCounts" ("CommunityId", "StatusId", "Count") VALUES (NEW."CommunityId", NEW."StatusId", 1)
                    ON CONFLICT ("CommunityId", "StatusId") DO UPDATE SET "Count" = "Count" + 1;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "TR_Tickets_Count_Delete" AFTER DELETE ON "Tickets"
                WHEN OLD."IsDeleted" = 0
                BEGIN
                    UPDATE "TicketCounts" SET "Count" = "Count" - 1
                    WHERE "CommunityId" = OLD."CommunityId" AND "StatusId" = OLD."StatusId";
                END;
                """);
            // EF's UPDATE sets every modified column, so the trigger fires on edits too; WHEN skips those.
            migrationBuilder.Sql("""
                CREATE TRIGGER "TR_Tickets_Count_Update" AFTER UPDATE OF "StatusId", "CommunityId", "IsDeleted" ON "Tickets"
                WHEN OLD."StatusId" IS NOT NEW."StatusId" OR OLD."CommunityId" IS NOT NEW."CommunityId" OR OLD."IsDeleted" IS NOT NEW."IsDeleted"
                BEGIN
                    UPDATE "TicketCounts" SET "Count" = "Count" - 1
                    WHERE OLD."IsDeleted" = 0 AND "CommunityId" = OLD."CommunityId" AND "StatusId" = OLD."StatusId";
                    INSERT INTO "TicketCounts" ("CommunityId", "StatusId", "Count")
                    SELECT NEW."CommunityId", NEW."StatusId", 1 WHERE NEW."IsDeleted" = 0
                    ON CONFLICT ("CommunityId", "StatusId") DO UPDATE SET "Count" = "Count" + 1;
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER "TR_Tickets_Count_Update";""");
            migrationBuilder.Sql("""DROP TRIGGER "TR_Tickets_Count_Delete";""");
            migrationBuilder.Sql("""DROP TRIGGER "TR_Tickets_Count_Insert";""");
            migrationBuilder.Sql("""DROP TABLE "TicketCounts";""");

            migrationBuilder.DropIndex(
                name: "IX_Tickets_ListCount",
                table: "Tickets");
        }
    }
}
