; Inno Setup 6 script: a per-user installer (no admin rights) around the PyInstaller onedir build.
;
;   iscc /DAppVersion=0.1.0 packaging\windows\llmstudio.iss
;
; Input: packaging\dist\llmstudio\ (packaging/build.sh or the CI workflow builds it).
; Output: packaging\dist\llmstudio-<version>-windows-x64-setup.exe
; Needs Inno Setup 6.3 or newer (x64compatible). Relative paths are relative to this file.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef BundleDir
  #define BundleDir "..\dist\llmstudio"
#endif
#ifndef OutputDir
  #define OutputDir "..\dist"
#endif
#define AppName "llmstudio"
#define AppExe "llmstudio.exe"

[Setup]
; AppId identifies the app to Windows for upgrades and uninstall: never change it.
AppId={{8CAE61F2-0F90-4137-9B8C-DDE02AD5DB0F}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
VersionInfoVersion={#AppVersion}
; Per-user install: no UAC prompt; {autopf} is %LOCALAPPDATA%\Programs and {autoprograms}
; the user's Start menu in non administrative install mode.
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; torch ships x64 Windows wheels only.
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#OutputDir}
OutputBaseFilename={#AppName}-{#AppVersion}-windows-x64-setup
SetupIconFile=..\..\resources\icons\llmstudio.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
; One LZMA2 stream over ~0.7 GB of torch and Qt: ~180-200 MB setup.exe. DiskSpanning is
; only needed above 2.1 GB (a CUDA build), never for this CPU build.
Compression=lzma2/max
SolidCompression=yes
LZMAUseSeparateProcess=yes
WizardStyle=modern
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade must not mix old and new torch/Qt DLLs: remove the previous bundle first.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Files the app wrote beside itself (none expected; projects live in the user's folders).
Type: filesandordirs; Name: "{app}\_internal"
