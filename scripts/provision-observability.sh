#!/usr/bin/env bash
# Installs the servers the telemetry tests run against, idempotently (a second run changes nothing):
#   prometheus  Debian's package (brings the server and promtool); tests start their own instance on a free
#               loopback port with a temporary configuration and storage, never the packaged service
#   Aspire dashboard (optional, --with-aspire)
#               the standalone OTLP receiver from NuGet (Aspire.Dashboard.Sdk.linux-x64), restored by a throwaway
#               project into the NuGet cache and copied to artifacts/observability/aspire-dashboard; no other download
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
tools="$root/artifacts/observability"
aspire_version="13.6.5"

with_aspire=false
for argument in "$@"; do
  case "$argument" in
    --with-aspire) with_aspire=true ;;
    *) echo "usage: $0 [--with-aspire]" >&2; exit 2 ;;
  esac
done

if ! command -v prometheus >/dev/null 2>&1 || ! command -v promtool >/dev/null 2>&1; then
  echo "provision-observability: prometheus and promtool from Debian's prometheus package"
  apt-get update -qq
  # On a host with systemd the package also starts a service on :9090; the tests never use it (own port,
  # configuration and storage), so it is left alone.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus
fi

if [ "$with_aspire" = true ] && [ ! -x "$tools/aspire-dashboard/Aspire.Dashboard" ]; then
  echo "provision-observability: Aspire dashboard $aspire_version from NuGet into $tools/aspire-dashboard"
  restore="$tools/aspire-restore"
  mkdir -p "$restore"
  # Outside the repository's Directory.*.props (central versions, warnings as errors): a bare project whose only
  # purpose is to bring the package into the NuGet cache.
  cat > "$restore/aspire-restore.csproj" <<PROJECT
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <ImportDirectoryBuildProps>false</ImportDirectoryBuildProps>
    <ImportDirectoryPackagesProps>false</ImportDirectoryPackagesProps>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Aspire.Dashboard.Sdk.linux-x64" Version="$aspire_version" ExcludeAssets="all" GeneratePathProperty="true" />
  </ItemGroup>
</Project>
PROJECT
  dotnet restore "$restore/aspire-restore.csproj" -nologo -v quiet
  packages=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')
  rm -rf "$tools/aspire-dashboard"
  cp -r "$packages/aspire.dashboard.sdk.linux-x64/$aspire_version/tools" "$tools/aspire-dashboard"
  chmod 755 "$tools/aspire-dashboard/Aspire.Dashboard"
fi

echo "provision-observability: $(prometheus --version 2>&1 | head -1)"
