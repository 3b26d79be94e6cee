// Windows features under their other names: data, read by the evaluator's `feature-names`
// comparison (src/evaluate/test-eval.ts), which already ignores case, blanks, hyphens, underscores,
// dots, slashes and parentheses. Listed here are only the names that differ from the optional feature they
// install by more than that. Pure.
//
// Sources: the optional-feature names are `FeatureName` of Get-WindowsOptionalFeature -Online
// (Windows 10/11, the names parameters.yaml's `denied-features` uses, after DISA's Windows 10 STIG);
// the server names are `Name` of Get-WindowsFeature (Windows Server's Server Manager features) and
// the display names are `DisplayName` of either; SMBv1's three names as Microsoft lists them in
// "How to detect, enable and disable SMBv1, SMBv2, and SMBv3 in Windows"
// (https://learn.microsoft.com/windows-server/storage/file-server/troubleshoot/detect-enable-and-disable-smbv1-v2-v3).

/** A name some export gives a Windows feature, and the optional feature (Get-WindowsOptionalFeature) it is. */
export interface FeatureAlias {
  /** As the export spells it: a server name (`FS-SMB1`) or a display name (`SMB 1.0/CIFS File Sharing Support`). */
  name: string;
  /** The optional feature's name (`SMB1Protocol`). */
  feature: string;
}

export const FEATURE_ALIASES: readonly FeatureAlias[] = [
  { name: 'FS-SMB1', feature: 'SMB1Protocol' },
  { name: 'SMB 1.0/CIFS File Sharing Support', feature: 'SMB1Protocol' },
  { name: 'SMB 1.0/CIFS File Sharing', feature: 'SMB1Protocol' },
  { name: 'Web-Server', feature: 'IIS-WebServerRole' },
  { name: 'Web Server (IIS)', feature: 'IIS-WebServerRole' },
  { name: 'Internet Information Services', feature: 'IIS-WebServerRole' },
  { name: 'Web-WebServer', feature: 'IIS-WebServer' },
  { name: 'TFTP-Client', feature: 'TFTP' },
  { name: 'Simple-TCPIP', feature: 'SimpleTCP' },
  { name: 'Simple TCP/IP Services', feature: 'SimpleTCP' },
  { name: 'SNMP-Service', feature: 'SNMP' },
  { name: 'Simple Network Management Protocol', feature: 'SNMP' },
  { name: 'Simple Network Management Protocol (SNMP)', feature: 'SNMP' },
  { name: 'PowerShell-V2', feature: 'MicrosoftWindowsPowerShellV2' },
  { name: 'Windows PowerShell 2.0 Engine', feature: 'MicrosoftWindowsPowerShellV2' },
  { name: 'Windows PowerShell 2.0', feature: 'MicrosoftWindowsPowerShellV2Root' },
];
