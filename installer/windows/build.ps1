# Builds the Windows installer: the PyInstaller bundle in dist\Coffer, its smoke test, then
# dist\Coffer-<version>-windows-x64-setup.exe with Inno Setup 6 (iscc on PATH or in its
# default folder). Run from any folder in PowerShell:  installer\windows\build.ps1
$ErrorActionPreference = "Stop"
$Root = Resolve-Path (Join-Path $PSScriptRoot "..\..")
$Py = Join-Path $Root ".venv\Scripts\python.exe"

& $Py -m PyInstaller --noconfirm --distpath (Join-Path $Root "dist") `
    --workpath (Join-Path $Root "build\pyinstaller") (Join-Path $Root "installer\coffer.spec")
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }

# The bundle must pass its own smoke test before it is packed.
& (Join-Path $Root "dist\Coffer\coffer.exe") --self-test
if ($LASTEXITCODE -ne 0) { throw "coffer --self-test failed" }

$Version = (& $Py (Join-Path $Root "installer\build_support.py") version).Trim()
$Iscc = (Get-Command iscc.exe -ErrorAction SilentlyContinue).Source
if (-not $Iscc) { $Iscc = Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe" }
& $Iscc "/DAppVersion=$Version" (Join-Path $Root "installer\windows\coffer.iss")
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }

# Optional: sign the installer when a certificate is configured.
if ($env:COFFER_SIGNTOOL_ARGS) {
    & signtool.exe sign $env:COFFER_SIGNTOOL_ARGS.Split(" ") `
        (Join-Path $Root "dist\Coffer-$Version-windows-x64-setup.exe")
}
