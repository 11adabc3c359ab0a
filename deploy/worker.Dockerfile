# syntax=docker/dockerfile:1
# FeedbackPortal worker host (outbox dispatcher, MassTransit consumers, SLA jobs).
# Build from the repository root:
#   docker build -f deploy/worker.Dockerfile -t feedbackportal-worker .

# ---- 1. .NET build ----------------------------------------------------------
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /repo
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_NOLOGO=1

# Restore layer: only the files that decide the package graph.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/FeedbackPortal.Domain/FeedbackPortal.Domain.csproj src/FeedbackPortal.Domain/
COPY src/FeedbackPortal.Contracts/FeedbackPortal.Contracts.csproj src/FeedbackPortal.Contracts/
COPY src/FeedbackPortal.Infrastructure/FeedbackPortal.Infrastructure.csproj src/FeedbackPortal.Infrastructure/
COPY src/FeedbackPortal.Migrations.Sqlite/FeedbackPortal.Migrations.Sqlite.csproj src/FeedbackPortal.Migrations.Sqlite/
COPY src/FeedbackPortal.Migrations.Postgres/FeedbackPortal.Migrations.Postgres.csproj src/FeedbackPortal.Migrations.Postgres/
COPY src/FeedbackPortal.Worker/FeedbackPortal.Worker.csproj src/FeedbackPortal.Worker/
RUN dotnet restore src/FeedbackPortal.Worker/FeedbackPortal.Worker.csproj

COPY src/ src/
RUN dotnet publish src/FeedbackPortal.Worker/FeedbackPortal.Worker.csproj \
      --configuration Release --no-restore --output /app/publish \
      -p:UseAppHost=false

# ---- 2. Runtime -------------------------------------------------------------
# aspnet (not runtime) because the worker's health listener is a minimal Kestrel endpoint.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
WORKDIR /app
ENV ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_ENVIRONMENT=Production \
    ASPNETCORE_HTTP_PORTS=8081 \
    DOTNET_RUNNING_IN_CONTAINER=true \
    Logging__Console__FormatterName=json \
    Portal__DataDirectory=/app/data

RUN mkdir -p /app/data/attachments && chown -R "$APP_UID:$APP_UID" /app/data

COPY --from=build /app/publish ./
COPY --chmod=0755 deploy/healthcheck.sh /usr/local/bin/healthcheck

# Non-root: the .NET images ship user `app` (UID/GID 1654, $APP_UID).
USER app

# Health listener only (/health/live, /health/ready); the worker serves no other HTTP.
EXPOSE 8081

HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["/usr/local/bin/healthcheck", "8081", "/health/ready"]

ENTRYPOINT ["dotnet", "FeedbackPortal.Worker.dll"]
