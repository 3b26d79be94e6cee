<#
.SYNOPSIS
  Collects the configuration exports that `ato-evidence ingest` reads, from the console it runs on.

.DESCRIPTION
  Run it elevated (as an administrator) on the imaging console, in Windows PowerShell 5.1 or later.
  It changes nothing: it only runs Windows' own export commands and writes their output, with fixed
  file names and encodings, into one folder per device, plus collection.json (device id, host name,
  collection time, culture and the list of files written). Copy that folder off the console and run
  `ato-evidence ingest <folder> --out <device>.json`.

  Some exports are per user (HKCU): they describe the account that runs this script. Only the
  Group Policy key (reg-desktop-policy.reg) counts for every user; reg-desktop.reg is that one
  account's own preference, kept as evidence and never read as the clinical users' screen saver
  (see docs/ingest.md).

  Native tools (netsh, manage-bde, net accounts, w32tm) print their labels in the console's display
  language, and only English labels are read. The script prefers language-neutral sources
  (PowerShell objects such as Get-NetFirewallProfile and Get-BitLockerVolume, the registry): on a
  console whose display language is not English it skips the native text exports and records why
  in collection.json, which ingest reports.

  It never writes a secret: of the automatic-logon password (Winlogon DefaultPassword) it records
  only whether one is stored.

  Versions (collection.json's collector.version): 1.2.0 records each file's SHA-256 ("digests");
  1.3.0 adds the group's SID to local-group-members.csv ("GroupSID"); 1.4.0 adds each principal's
  SID to eventlog-acl.csv ("SID": the names are in the display language, "VORDEFINIERT\Administratoren");
  1.5.0 adds each local account's PasswordExpires to local-users.csv (empty: the password never expires).
  Ingest reads each by its presence in the files, never by this number.

.PARAMETER DeviceId
  The device identifier used in reports (letters, digits, dot, dash, underscore), e.g. MR-01.

.PARAMETER OutDir
  Folder to write to (created if missing). Default: .\<DeviceId>

.PARAMETER VendorSettings
  Optional: the vendor's settings export (JSON or CSV, format in docs/ingest.md), copied in as
  vendor-settings.json or vendor-settings.csv.

.EXAMPLE
  powershell.exe -ExecutionPolicy Bypass -File .\collect.ps1 -DeviceId MR-01 -OutDir E:\exports\MR-01 -VendorSettings E:\vendor\MR-01.json
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)]
    [ValidatePattern('^[A-Za-z0-9][A-Za-z0-9._-]*$')]
    [string] $DeviceId,
    [string] $OutDir = (Join-Path (Get-Location) $DeviceId),
    [string] $VendorSettings
)

$ErrorActionPreference = 'Stop'
$collectorVersion = '1.5.0'
$collectedAt = Get-Date
New-Item -ItemType Directory -Force -Path $OutDir | Out-Null
$written = New-Object System.Collections.Generic.List[string]
$failures = New-Object System.Collections.Generic.List[object]

# Runs one export; a failure is recorded in collection.json and the next export goes on.
function Invoke-Export([string] $Name, [scriptblock] $Action) {
    $path = Join-Path $OutDir $Name
    try {
        $global:LASTEXITCODE = 0
        & $Action $path
        if (Test-Path -LiteralPath $path) { $written.Add($Name) } else { throw 'no file was written' }
    } catch {
        $failures.Add([ordered]@{ file = $Name; message = $_.Exception.Message })
        Remove-Item -LiteralPath $path -ErrorAction SilentlyContinue
        Write-Warning "${Name}: $($_.Exception.Message)"
    }
}

# A Windows tool that writes the file itself, in its own encoding.
function Export-Native([string] $Name, [scriptblock] $Command) {
    Invoke-Export $Name { param($path) & $Command $path | Out-Null; if ($LASTEXITCODE -ne 0) { throw "exit code $LASTEXITCODE" } }
}

# Text a command prints, saved as UTF-16LE with BOM and CRLF.
function Export-Text([string] $Name, [scriptblock] $Command) {
    Invoke-Export $Name { param($path) $out = & $Command; if ($LASTEXITCODE -ne 0) { throw "exit code $LASTEXITCODE" }; $out | Set-Content -LiteralPath $path -Encoding Unicode }
}

# Objects saved with Export-Csv: UTF-8 with BOM, every field quoted, no #TYPE line.
function Export-Table([string] $Name, [scriptblock] $Command) {
    Invoke-Export $Name { param($path) & $Command | Export-Csv -LiteralPath $path -NoTypeInformation -Encoding UTF8 }
}

# An object saved as JSON (UTF-8 with BOM).
function Export-Json([string] $Name, [scriptblock] $Command) {
    Invoke-Export $Name { param($path) & $Command | ConvertTo-Json | Out-File -LiteralPath $path -Encoding UTF8 }
}

# A registry key and its subkeys, as reg.exe writes them (UTF-16LE, "Windows Registry Editor Version 5.00").
function Export-Registry([string] $Name, [string] $Key) {
    Invoke-Export $Name { param($path)
        if (-not (Test-Path -LiteralPath "Registry::$Key")) { throw "registry key $Key is not present (not configured)" }
        reg.exe export $Key $path /y | Out-Null
        if ($LASTEXITCODE -ne 0) { throw "reg.exe export exit code $LASTEXITCODE" }
    }
}

# An export deliberately not written: recorded in collection.json, which ingest reports.
function Skip-Export([string] $Name, [string] $Reason) {
    # A file of that name left by an earlier collection into this folder is not this collection's.
    Remove-Item -LiteralPath (Join-Path $OutDir $Name) -ErrorAction SilentlyContinue
    $failures.Add([ordered]@{ file = $Name; message = $Reason })
    Write-Warning "${Name}: $Reason"
}

# A file copied byte for byte.
function Copy-Export([string] $Name, [string] $Source) {
    Invoke-Export $Name { param($path)
        if (-not (Test-Path -LiteralPath $Source)) { throw "$Source is not present" }
        Copy-Item -LiteralPath $Source -Destination $path
    }
}

# --- the exports (names and formats are checked by test/ingest/collect-script.test.ts) ---

# Native tools print labels in the display language; only English is read (docs/ingest.md).
$uiCulture = (Get-UICulture).Name
$englishUi = $uiCulture -like 'en*'
$translated = "the display language is $uiCulture, and this tool prints translated labels that ingest does not read"

Export-Native 'secedit.inf' { param($p) secedit.exe /export /cfg $p /quiet }
Export-Native 'auditpol.csv' { param($p) auditpol.exe /backup /file:"$p" }

if ($englishUi) { Export-Text 'firewall-netsh.txt' { netsh.exe advfirewall show allprofiles } }
else { Skip-Export 'firewall-netsh.txt' "$translated (firewall-profiles.csv, from Get-NetFirewallProfile, holds the same settings)" }
Export-Table 'firewall-profiles.csv' {
    Get-NetFirewallProfile -PolicyStore ActiveStore |
        Select-Object Name, Enabled, DefaultInboundAction, DefaultOutboundAction, LogAllowed, LogBlocked, LogMaxSizeKilobytes, LogFileName
}
Export-Table 'firewall-rules.csv' {
    # Port and address filters are separate objects; join them to their rule by InstanceID.
    $ports = @{}; Get-NetFirewallPortFilter -All -PolicyStore ActiveStore | ForEach-Object { $ports[$_.InstanceID] = $_ }
    $addresses = @{}; Get-NetFirewallAddressFilter -All -PolicyStore ActiveStore | ForEach-Object { $addresses[$_.InstanceID] = $_ }
    $apps = @{}; Get-NetFirewallApplicationFilter -All -PolicyStore ActiveStore | ForEach-Object { $apps[$_.InstanceID] = $_ }
    Get-NetFirewallRule -PolicyStore ActiveStore | ForEach-Object {
        $pf = $ports[$_.InstanceID]; $af = $addresses[$_.InstanceID]; $ap = $apps[$_.InstanceID]
        [pscustomobject]@{
            Name = $_.Name; DisplayName = $_.DisplayName; Enabled = $_.Enabled; Direction = $_.Direction
            Action = $_.Action; Profile = $_.Profile; Protocol = $pf.Protocol
            LocalPort = (@($pf.LocalPort) -join ','); RemoteAddress = (@($af.RemoteAddress) -join ','); Program = $ap.Program
        }
    }
}

if ($englishUi) { Export-Text 'bitlocker.txt' { manage-bde.exe -status } }
else { Skip-Export 'bitlocker.txt' "$translated (bitlocker-volumes.csv, from Get-BitLockerVolume, holds the same volumes)" }
Export-Table 'bitlocker-volumes.csv' {
    # Language-neutral: enum names, and the key protector types joined with ",".
    Get-BitLockerVolume | Select-Object MountPoint, VolumeType, VolumeStatus, ProtectionStatus, EncryptionMethod, EncryptionPercentage, CapacityGB,
        @{ n = 'KeyProtector'; e = { (@($_.KeyProtector | ForEach-Object { $_.KeyProtectorType.ToString() }) -join ',') } }
}

Export-Table 'local-users.csv' {
    # LastLogon as ISO 8601 with the offset in force at that date (.ToString('o')).
    Get-LocalUser | Select-Object Name, Enabled, SID, PrincipalSource, ObjectClass, PasswordRequired,
        @{ n = 'PasswordLastSet'; e = { if ($_.PasswordLastSet) { $_.PasswordLastSet.ToString('o') } else { '' } } },
        @{ n = 'PasswordExpires'; e = { if ($_.PasswordExpires) { $_.PasswordExpires.ToString('o') } else { '' } } },
        @{ n = 'LastLogon'; e = { if ($_.LastLogon) { $_.LastLogon.ToString('o') } else { '' } } }, Description
}
Export-Table 'local-group-members.csv' {
    # Get-LocalGroupMember does not say which group it listed: add it as the "Group" column, and its
    # SID as "GroupSID" (a renamed Administrators group is known only by S-1-5-32-544).
    foreach ($group in Get-LocalGroup) {
        try {
            Get-LocalGroupMember -Group $group | Select-Object @{ n = 'Group'; e = { $group.Name } }, @{ n = 'GroupSID'; e = { $group.SID.Value } }, Name, SID, PrincipalSource, ObjectClass
        } catch {
            # e.g. error 1332 on a group holding a deleted domain account's SID
            $failures.Add([ordered]@{ file = 'local-group-members.csv'; message = "group $($group.Name): $($_.Exception.Message)" })
        }
    }
}
if ($englishUi) { Export-Text 'net-accounts.txt' { net.exe accounts } }
else { Skip-Export 'net-accounts.txt' "$translated (secedit.inf holds the same password and lockout policy)" }
if ($englishUi) { Export-Text 'w32tm.txt' { w32tm.exe /query /status } }
else { Skip-Export 'w32tm.txt' "$translated, and Windows has no language-neutral equivalent: time synchronisation is not collected" }

Export-Table 'services.csv' {
    # Every service with its start type and state (the Application Identity service decides whether AppLocker enforces anything).
    Get-Service | Select-Object Name, DisplayName, Status, StartType
}
Export-Table 'eventlog-acl.csv' {
    # Who may access the event log files (the logs may have been moved: their path comes from the log's configuration).
    foreach ($log in 'Application', 'Security', 'System') {
        $path = [Environment]::ExpandEnvironmentVariables((Get-WinEvent -ListLog $log).LogFilePath)
        # The SID names the principal in every display language (IdentityReference is "VORDEFINIERT\Administratoren" on a German console); empty if it cannot be resolved.
        (Get-Acl -LiteralPath $path).Access | ForEach-Object {
            $sid = try { $_.IdentityReference.Translate([System.Security.Principal.SecurityIdentifier]).Value } catch { '' }
            [pscustomobject]@{ Log = $log; Path = $path; IdentityReference = $_.IdentityReference.Value; SID = $sid; FileSystemRights = $_.FileSystemRights; AccessControlType = $_.AccessControlType; IsInherited = $_.IsInherited }
        }
    }
}
Export-Json 'winlogon.json' {
    # Automatic logon: AutoAdminLogon, and only WHETHER a DefaultPassword is stored; the password itself is a secret and is never written.
    $k = Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon'
    [pscustomobject]@{
        Key = 'HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon'; AutoAdminLogon = $k.AutoAdminLogon
        DefaultUserName = $k.DefaultUserName; DefaultDomainName = $k.DefaultDomainName
        DefaultPasswordSet = ($null -ne $k.DefaultPassword -and [string]$k.DefaultPassword -ne ''); AutoLogonCount = $k.AutoLogonCount
    }
}

Export-Registry 'reg-policies-system.reg' 'HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies'
Export-Registry 'reg-policies.reg' 'HKLM\SOFTWARE\Policies'
Export-Registry 'reg-lsa.reg' 'HKLM\SYSTEM\CurrentControlSet\Control\Lsa'
Export-Registry 'reg-usbstor.reg' 'HKLM\SYSTEM\CurrentControlSet\Services\USBSTOR'
# USB storage also mounts through the UAS driver (Windows 8 and later): USBSTOR's Start alone does not block it.
Export-Registry 'reg-uaspstor.reg' 'HKLM\SYSTEM\CurrentControlSet\Services\UASPStor'
Export-Registry 'reg-lanmanserver.reg' 'HKLM\SYSTEM\CurrentControlSet\Services\LanmanServer\Parameters'
Export-Registry 'reg-eventlog-application.reg' 'HKLM\SYSTEM\CurrentControlSet\Services\EventLog\Application'
Export-Registry 'reg-eventlog-security.reg' 'HKLM\SYSTEM\CurrentControlSet\Services\EventLog\Security'
Export-Registry 'reg-eventlog-system.reg' 'HKLM\SYSTEM\CurrentControlSet\Services\EventLog\System'
Export-Registry 'reg-desktop.reg' 'HKCU\Control Panel\Desktop'
Export-Registry 'reg-desktop-policy.reg' 'HKCU\Software\Policies\Microsoft\Windows\Control Panel\Desktop'
Copy-Export 'registry.pol' "$env:SystemRoot\System32\GroupPolicy\Machine\Registry.pol"

Export-Text 'applocker.xml' { Get-AppLockerPolicy -Effective -Xml }
Export-Json 'defender.json' { Get-MpComputerStatus }
Export-Json 'defender-preferences.json' {
    # Real-time and scan settings (the threat actions as numbers: 2 quarantine, 3 remove, 6 allow, ...).
    Get-MpPreference | Select-Object DisableRealtimeMonitoring, ScanScheduleDay, ScanScheduleTime, ScanParameters,
        SevereThreatDefaultAction, HighThreatDefaultAction, ModerateThreatDefaultAction, LowThreatDefaultAction, UnknownThreatDefaultAction
}

if ($VendorSettings) {
    if ([IO.Path]::GetExtension($VendorSettings) -ieq '.csv') { Copy-Export 'vendor-settings.csv' $VendorSettings }
    else { Copy-Export 'vendor-settings.json' $VendorSettings }
}

# --- the manifest ---
# The SHA-256 of each file as written: ingest refuses a file cut or edited after collection
# (an export cut between two records reads as whole).
$digests = [ordered]@{}
foreach ($name in $written) { $digests[$name] = (Get-FileHash -LiteralPath (Join-Path $OutDir $name) -Algorithm SHA256).Hash.ToLowerInvariant() }
$os = Get-CimInstance -ClassName Win32_OperatingSystem
$culture = Get-Culture
$manifest = [ordered]@{
    format      = 'ato-evidence-collection/1'
    collector   = [ordered]@{ name = 'collect.ps1'; version = $collectorVersion }
    deviceId    = $DeviceId
    hostname    = $env:COMPUTERNAME
    collectedAt = $collectedAt.ToString('o')
    utcOffset   = $collectedAt.ToString('zzz')
    culture     = [ordered]@{ name = $culture.Name; uiCulture = $uiCulture; shortDatePattern = $culture.DateTimeFormat.ShortDatePattern; longTimePattern = $culture.DateTimeFormat.LongTimePattern }
    os          = [ordered]@{ name = $os.Caption; version = $os.Version; build = $os.BuildNumber }
    files       = @($written)
    digests     = $digests
    errors      = @($failures)
}
$manifest | ConvertTo-Json -Depth 4 | Out-File -LiteralPath (Join-Path $OutDir 'collection.json') -Encoding UTF8
Write-Host "Wrote $($written.Count) exports and collection.json to $OutDir ($($failures.Count) failed)."
