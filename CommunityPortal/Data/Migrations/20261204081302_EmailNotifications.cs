using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommunityPortal.Data.Migrations
{
    /// <inheritdoc />
    public partial class EmailNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "EmailDigestRuns",
                columns: table => new
                {
                    Day = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    RanAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Emails = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EmailDigestRuns", x => x.Day);
                });

            migrationBuilder.CreateTable(
                name: "NotificationMailEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    TicketId = table.Column<int>(type: "INTEGER", nullable: false),
                    CommunityId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Daily = table.Column<bool>(type: "INTEGER", nullable: false),
                    ActorName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    StatusText = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    StatusColor = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    OutgoingEmailId = table.Column<long>(type: "INTEGER", nullable: true),
                    HandledAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NotificationMailEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_NotificationMailEvents_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_NotificationMailEvents_OutgoingEmails_OutgoingEmailId",
                        column: x => x.OutgoingEmailId,
                        principalTable: "OutgoingEmails",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_NotificationMailEvents_Tickets_TicketId",
                        column: x => x.TicketId,
                        principalTable: "Tickets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "NotificationPreferences",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 5, nullable: false),
                    StatusChanged = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    CommentAdded = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    TicketCreated = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Avisos = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Digest = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NotificationPreferences", x => x.UserId);
                    table.ForeignKey(
                        name: "FK_NotificationPreferences_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_NotificationMailEvents_Daily_HandledAt_UserId",
                table: "NotificationMailEvents",
                columns: new[] { "Daily", "HandledAt", "UserId" });

            migrationBuilder.CreateIndex(
                name: "IX_NotificationMailEvents_OutgoingEmailId",
                table: "NotificationMailEvents",
                column: "OutgoingEmailId");

            migrationBuilder.CreateIndex(
                name: "IX_NotificationMailEvents_TicketId",
                table: "NotificationMailEvents",
                column: "TicketId");

            migrationBuilder.CreateIndex(
                name: "IX_NotificationMailEvents_UserId",
                table: "NotificationMailEvents",
                column: "UserId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "EmailDigestRuns");

            migrationBuilder.DropTable(
                name: "NotificationMailEvents");

            migrationBuilder.DropTable(
                name: "NotificationPreferences");
        }
    }
}
