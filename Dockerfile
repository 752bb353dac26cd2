# syntax=docker/dockerfile:1
# The sidecar image: build with the SDK, run on the ASP.NET runtime as the non-root 'app' user, event
# log on the /data volume. `docker build -t agentobs-sidecar .` from the repository root.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG GIT_COMMIT=unknown
WORKDIR /src
# Restore first, from the project files only, so source edits reuse the package layer.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Observability.Metrics/Observability.Metrics.csproj src/Observability.Metrics/
COPY src/Observability.EventLog/Observability.EventLog.csproj src/Observability.EventLog/
COPY src/Observability.Ingestion/Observability.Ingestion.csproj src/Observability.Ingestion/
COPY src/Observability.Analytics/Observability.Analytics.csproj src/Observability.Analytics/
COPY src/Observability.Sidecar/Observability.Sidecar.csproj src/Observability.Sidecar/
RUN dotnet restore src/Observability.Sidecar/Observability.Sidecar.csproj
COPY src/ src/
RUN dotnet publish src/Observability.Sidecar/Observability.Sidecar.csproj -c Release -o /app --no-restore \
      -p:GitCommit=${GIT_COMMIT} -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
# The data directory belongs to the non-root user the image provides ($APP_UID, 1654).
RUN mkdir -p /data && chown "$APP_UID":"$APP_UID" /data
COPY --from=build /app ./
USER $APP_UID
ENV Sidecar__DataDirectory=/data \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
VOLUME ["/data"]
EXPOSE 9464
# No curl or wget in the runtime image: the binary probes its own /health (exit 0 on 200).
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["dotnet", "/app/Observability.Sidecar.dll", "--healthcheck", "http://127.0.0.1:9464/health"]
ENTRYPOINT ["dotnet", "/app/Observability.Sidecar.dll"]
