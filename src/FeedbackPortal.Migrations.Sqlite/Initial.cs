using FeedbackPortal.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FeedbackPortal.Migrations.Sqlite;

/// <summary>The initial schema (Scripts/20261121000000_Initial.sql, generated with db-script Sqlite).</summary>
[DbContext(typeof(PortalDbContext))]
[Migration("20261121000000_Initial")]
public sealed class Initial : ScriptMigration;
