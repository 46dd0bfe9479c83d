# .\build.ps1 <targets> [--parameter value ...] — the Windows twin of build.sh: same SDK lookup,
# same compile-only-when-changed rule, same arguments passed through.
[CmdletBinding()]
Param(
    [Parameter(Position = 0, Mandatory = $false, ValueFromRemainingArguments = $true)]
    [string[]]$BuildArguments
)

Set-StrictMode -Version 2.0; $ErrorActionPreference = "Stop"; $ConfirmPreference = "None"
trap { Write-Error $_ -ErrorAction Continue; exit 1 }

$ScriptDir = Split-Path $MyInvocation.MyCommand.Path -Parent
$BuildProjectFile = "$ScriptDir\build\_build.csproj"
$TempDirectory = "$ScriptDir\.nuke\temp"
$BuildOutput = "$TempDirectory\build-bin"
$Stamp = "$BuildOutput\.stamp"
$DotNetInstallDirectory = "$TempDirectory\dotnet-win"
$DotNetInstallUrl = "https://dot.net/v1/dotnet-install.ps1"

$env:DOTNET_CLI_TELEMETRY_OPTOUT = 1
$env:DOTNET_NOLOGO = 1
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = 1
$env:DOTNET_MULTILEVEL_LOOKUP = 0

function Test-SourcesChanged {
    if (-not (Test-Path $Stamp) -or -not (Test-Path "$BuildOutput\_build.dll")) { return $true }
    $since = (Get-Item $Stamp).LastWriteTimeUtc
    $inputs = @("$ScriptDir\build", "$ScriptDir\src") | Where-Object { Test-Path $_ }
    $changed = Get-ChildItem $inputs -Recurse -Force |
        Where-Object { $_.FullName -notmatch '[\\/](bin|obj)([\\/]|$)' -and $_.LastWriteTimeUtc -gt $since } |
        Select-Object -First 1
    foreach ($file in @("global.json", "Directory.Build.props", "Directory.Packages.props")) {
        if ((Test-Path "$ScriptDir\$file") -and (Get-Item "$ScriptDir\$file").LastWriteTimeUtc -gt $since) { return $true }
    }
    return $null -ne $changed
}

function Test-SatisfiesGlobalJson([string]$DotNet) {
    Push-Location $ScriptDir
    try { & $DotNet --version *> $null; return $LASTEXITCODE -eq 0 } catch { return $false } finally { Pop-Location }
}

# Fast path: nothing changed since the last compile.
if ((Test-Path $Stamp) -and -not (Test-SourcesChanged)) {
    $DotNet = Get-Content $Stamp -Raw
    if (Test-Path $DotNet) {
        & $DotNet "$BuildOutput\_build.dll" $BuildArguments
        exit $LASTEXITCODE
    }
}

$DotNetOnPath = Get-Command "dotnet" -ErrorAction SilentlyContinue
if ($null -ne $DotNetOnPath -and (Test-SatisfiesGlobalJson $DotNetOnPath.Path)) {
    $DotNet = $DotNetOnPath.Path
} elseif ((Test-Path "$DotNetInstallDirectory\dotnet.exe") -and (Test-SatisfiesGlobalJson "$DotNetInstallDirectory\dotnet.exe")) {
    $DotNet = "$DotNetInstallDirectory\dotnet.exe"
} else {
    $Version = (Get-Content "$ScriptDir\global.json" | ConvertFrom-Json).sdk.version
    Write-Host "build.ps1: no .NET SDK satisfying global.json ($Version, rollForward latestFeature) on PATH; installing it into .nuke\temp\dotnet-win"
    New-Item -ItemType Directory -Path $TempDirectory -Force | Out-Null
    $InstallScript = "$TempDirectory\dotnet-install.ps1"
    try {
        [Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls12
        (New-Object System.Net.WebClient).DownloadFile($DotNetInstallUrl, $InstallScript)
        & powershell $InstallScript -JSonFile "$ScriptDir\global.json" -InstallDir $DotNetInstallDirectory -NoPath
    } catch {
        Write-Error "build.ps1: could not install the .NET SDK (offline?). Install the .NET SDK $Version or a later 10.0 feature band from https://dotnet.microsoft.com/download/dotnet/10.0, put dotnet on PATH, and run this again."
        exit 1
    }
    $DotNet = "$DotNetInstallDirectory\dotnet.exe"
    $env:DOTNET_ROOT = $DotNetInstallDirectory
}

if (Test-SourcesChanged) {
    Write-Host "build.ps1: compiling build\ (sources changed since the last run)"
    New-Item -ItemType Directory -Path $BuildOutput -Force | Out-Null
    $started = [DateTime]::UtcNow
    $log = & $DotNet build $BuildProjectFile -nologo -v:quiet -clp:NoSummary -o $BuildOutput 2>&1
    if ($LASTEXITCODE -ne 0) { $log | Write-Host; Write-Error "build.ps1: compiling build\_build.csproj failed; the errors are above."; exit 1 }
    Set-Content -Path $Stamp -Value $DotNet -NoNewline
    (Get-Item $Stamp).LastWriteTimeUtc = $started
}

& $DotNet "$BuildOutput\_build.dll" $BuildArguments
exit $LASTEXITCODE
