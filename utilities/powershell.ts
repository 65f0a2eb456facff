/**
 * Windows command lines for PowerShell scripts sent through cmd.exe (vSphere guest operations start
 * `cmd.exe /c`, and SSH into a Windows guest lands in cmd.exe).
 */

/** powershell -EncodedCommand: the script as base64 of UTF-16LE, so cmd.exe passes it untouched. */
export function encodedPowerShell(script: string): string {
  return `powershell -EncodedCommand ${Buffer.from(script, 'utf16le').toString('base64')}`;
}

/** powershell -Command "<script>" with the script's double quotes escaped for cmd.exe. */
export function psCommand(script: string): string {
  return `powershell -Command "${script.replace(/"/g, '\\"')}"`;
}
