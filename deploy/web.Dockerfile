# syntax=docker/dockerfile:1
# FeedbackPortal web host (ASP.NET Core MVC). Build from the repository root:
#   docker build -f deploy/web.Dockerfile -t feedbackportal-web .

# ---- 1. Front-end assets (npm + esbuild) -----------------------------------
FROM node:22-bookworm-slim AS frontend
WORKDIR /repo/web
# Lock files first so `npm ci` is cached until dependencies change.
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/ ./
# Writes /repo/src/FeedbackPortal.Web/wwwroot/dist/
RUN npm run build

# ---- 2. .NET build ----------------------------------------------------------
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /repo
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_NOLOGO=1

# Restore layer: only the files that decide the package graph, so source edits
# do not invalidate the (slow) restore.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/FeedbackPortal.Domain/FeedbackPortal.Domain.csproj src/FeedbackPortal.Domain/
COPY src/FeedbackPortal.Contracts/FeedbackPortal.Contracts.csproj src/FeedbackPortal.Contracts/
COPY src/FeedbackPortal.Infrastructure/FeedbackPortal.Infrastructure.csproj src/FeedbackPortal.Infrastructure/
COPY src/FeedbackPortal.Migrations.Sqlite/FeedbackPortal.Migrations.Sqlite.csproj src/FeedbackPortal.Migrations.Sqlite/
COPY src/FeedbackPortal.Migrations.Postgres/FeedbackPortal.Migrations.Postgres.csproj src/FeedbackPortal.Migrations.Postgres/
COPY src/FeedbackPortal.Web/FeedbackPortal.Web.csproj src/FeedbackPortal.Web/
RUN dotnet restore src/FeedbackPortal.Web/FeedbackPortal.Web.csproj

COPY src/ src/
COPY --from=frontend /repo/src/FeedbackPortal.Web/wwwroot/dist/ src/FeedbackPortal.Web/wwwroot/dist/
RUN dotnet publish src/FeedbackPortal.Web/FeedbackPortal.Web.csproj \
      --configuration Release --no-restore --output /app/publish \
      -p:SkipFrontEndBuild=true -p:UseAppHost=false

# ---- 3. Runtime -------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
WORKDIR /app
ENV ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_RUNNING_IN_CONTAINER=true \
    Logging__Console__FormatterName=json \
    Portal__DataDirectory=/app/data \
    Portal__InProcessWorkers=false

# Data directory (attachments live in /app/data/attachments; mount a volume there).
# Created here and owned by the non-root user so named volumes inherit the ownership.
RUN mkdir -p /app/data/attachments /app/data/keys && chown -R "$APP_UID:$APP_UID" /app/data

COPY --from=build /app/publish ./
COPY --chmod=0755 deploy/healthcheck.sh /usr/local/bin/healthcheck

# Non-root: the .NET images ship user `app` (UID/GID 1654, $APP_UID).
USER app

EXPOSE 8080

# No curl in the aspnet image: deploy/healthcheck.sh speaks HTTP via bash /dev/tcp.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["/usr/local/bin/healthcheck", "8080", "/health/ready"]

ENTRYPOINT ["dotnet", "FeedbackPortal.Web.dll"]
