using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommunityPortal.Data.Migrations
{
    /// <inheritdoc />
    public partial class UploadLimits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "UploadUsage",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Bytes = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UploadUsage", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_TicketHistory_UserId_Action_At",
                table: "TicketHistory",
                columns: new[] { "UserId", "Action", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_Comentarios_AuthorUserId_CreatedAt",
                table: "Comentarios",
                columns: new[] { "AuthorUserId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_UploadUsage_At",
                table: "UploadUsage",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_UploadUsage_UserId_At_Bytes",
                table: "UploadUsage",
                columns: new[] { "UserId", "At", "Bytes" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "UploadUsage");

            migrationBuilder.DropIndex(
                name: "IX_TicketHistory_UserId_Action_At",
                table: "TicketHistory");

            migrationBuilder.DropIndex(
                name: "IX_Comentarios_AuthorUserId_CreatedAt",
                table: "Comentarios");
        }
    }
}
